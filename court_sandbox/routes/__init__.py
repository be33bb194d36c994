"""The sandbox's endpoints: one `APIRouter` (``router``) per resource, composed by `create_app`.

- `health`: ``/healthz``;
- `policy`: the policy and the fee calculation;
- `filings`, `cases`, `payments`, `messages`, `heartbeat`, `auth`, `uploads`: the kiosk's /api/v1;
- `tickets`, `staff_calls`: queue tickets (取号) and calls for staff (呼叫工作人员), each with its admin router;
- `audit`: the kiosks' hash-chained staff audit trails (1.5), with its admin router;
- `admin`: the admin API (reviews, payment settlement, faults, tokens, listings);
- `common`: what they share (error answers, path parameters, headers, `idempotent_put`).

The routers hold no state: a route gets its application's store, faults, tokens and settings
from the `court_sandbox.context.Sandbox` dependency.
"""
