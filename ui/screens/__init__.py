"""The kiosk's screens; each declares its spec in ui.screen_specs."""
