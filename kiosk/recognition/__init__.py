"""Offline recognition: OCR and speech."""
