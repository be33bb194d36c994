"""Fakes for the service tests (no Qt application, no threads, no network).

- `InlineWorker`: the `kiosk.workers.DeviceWorker` interface, running each task at once on the
  calling thread and calling ``on_done(result)`` / ``on_error(exc)`` straight away.
- `ManualWorker`: the same interface, but tasks wait until the test runs them (`run_next`,
  `run_all`); `cancel_pending` cancels the session-bound ones not started, as a reset does.
- `InlineDispatcher`: ``post(fn)`` calls ``fn``.
- `FakeClock`, `FakeTimer` (with `patch_timers` to put it in place of a module's ``QTimer`` where
  the public API itself starts a timer: a QTimer cannot run, nor even start, without an application).
- `FakeCourt`: the court client's calls the services make, recorded, answered with contract objects
  (`offline_queue.contract`), or raising `RetryableError` while ``down``.
- Made-up people (`person`), contract objects, a policy cache, stored filings.
- `make_config` and `make_deps`: a real `kiosk.config.Config` over temporary folders, and the `Deps` a
  declaration asks for, holding only what it names (`RecordingDeps` notes which fields a factory read).
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from offline_queue import contract as c
from offline_queue.client import RetryableError

log = logging.getLogger("tests.services")


# ----------------------------------------------------------------------------------- workers
class InlineWorker:
    """A DeviceWorker that runs every task at once (its callbacks too). Exceptions raised by a
    callback propagate to the test, so a broken handler is not hidden."""

    def __init__(self, name: str = "worker") -> None:
        self.name = name
        self.tasks: list[bool] = []  # session_bound of every task submitted
        self.cancelled = 0
        self._shut = False

    def submit(self, fn, on_done=None, on_error=None, *, session_bound: bool = True) -> Future:
        if self._shut:
            raise RuntimeError("cannot schedule new futures after shutdown")
        self.tasks.append(session_bound)
        future: Future = Future()
        try:
            result = fn()
        except Exception as exc:
            future.set_exception(exc)
            if on_error is not None:
                on_error(exc)
            else:
                log.error("%s task failed: %s", self.name, type(exc).__name__)
            return future
        future.set_result(result)
        if on_done is not None:
            on_done(result)
        return future

    def cancel_pending(self) -> int:
        self.cancelled += 1
        return 0

    def shutdown(self, wait: bool = True) -> None:
        self._shut = True


class ManualWorker:
    """A DeviceWorker whose tasks wait for the test: `run_next()` runs the oldest (and its
    callback), `run_all()` runs until none is left (tasks added meanwhile included)."""

    def __init__(self, name: str = "worker") -> None:
        self.name = name
        self._queue: list[tuple[Callable, Callable | None, Callable | None, bool, Future]] = []
        self._shut = False

    @property
    def pending(self) -> int:
        return len(self._queue)

    def submit(self, fn, on_done=None, on_error=None, *, session_bound: bool = True) -> Future:
        if self._shut:
            raise RuntimeError("cannot schedule new futures after shutdown")
        future: Future = Future()
        self._queue.append((fn, on_done, on_error, session_bound, future))
        return future

    def run_next(self) -> None:
        fn, on_done, on_error, _, future = self._queue.pop(0)
        future.set_running_or_notify_cancel()
        try:
            result = fn()
        except Exception as exc:
            future.set_exception(exc)
            if on_error is not None:
                on_error(exc)
            return
        future.set_result(result)
        if on_done is not None:
            on_done(result)

    def run_all(self, limit: int = 100) -> int:
        ran = 0
        while self._queue:
            if ran >= limit:
                raise AssertionError(f"{self.name}: more than {limit} tasks (a loop?)")
            self.run_next()
            ran += 1
        return ran

    def cancel_pending(self) -> int:
        """Cancel the session-bound tasks not started (a session reset), as DeviceWorker does."""
        keep = [task for task in self._queue if not task[3]]
        cancelled = len(self._queue) - len(keep)
        for task in self._queue:
            if task[3]:
                task[4].cancel()
        self._queue = keep
        return cancelled

    def shutdown(self, wait: bool = True) -> None:
        self._shut = True


class InlineDispatcher:
    """`kiosk.workers.Dispatcher`: ``post(fn)`` calls ``fn`` now."""

    def __init__(self) -> None:
        self.posted = 0

    def post(self, fn: Callable[[], None]) -> None:
        self.posted += 1
        fn()


class Calls:
    """A callable that counts its calls and keeps their arguments (a wake_sync, a callback)."""

    def __init__(self, result: Any = None) -> None:
        self.args: list[tuple] = []
        self._result = result

    def __call__(self, *args):
        self.args.append(args)
        return self._result

    @property
    def count(self) -> int:
        return len(self.args)


class Emitter(Calls):
    """Stands for a Qt signal handed to a service (``emit(*args)``); ``args`` keeps the emissions."""

    def emit(self, *args) -> None:
        self(*args)


def recorder(signal) -> list:
    """Connect a list to a Qt signal: every emission's arguments (a tuple when more than one)."""
    got: list = []
    signal.connect(lambda *args: got.append(args[0] if len(args) == 1 else args))
    return got


# ------------------------------------------------------------------------------- time
class FakeClock:
    """A clock the test moves: ``clock()`` is the time, ``advance(seconds)`` moves it."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeSignal:
    def __init__(self) -> None:
        self._slots: list[Callable] = []

    def connect(self, slot: Callable) -> None:
        self._slots.append(slot)

    def emit(self, *args) -> None:
        for slot in list(self._slots):
            slot(*args)


class FakeTimer:
    """The part of QTimer the services use; `fire()` is the timeout, run by the test."""

    def __init__(self, parent=None) -> None:
        self.timeout = FakeSignal()
        self._interval = 0
        self._active = False
        self._single = False
        self.starts: list[int] = []  # the interval of every start()

    def setInterval(self, ms) -> None:  # noqa: N802 - the Qt name
        self._interval = int(ms)

    def interval(self) -> int:
        return self._interval

    def setSingleShot(self, single: bool) -> None:  # noqa: N802 - the Qt name
        self._single = bool(single)

    def start(self, ms=None) -> None:
        if ms is not None:
            self._interval = int(ms)
        self._active = True
        self.starts.append(self._interval)

    def stop(self) -> None:
        self._active = False

    def isActive(self) -> bool:  # noqa: N802 - the Qt name
        return self._active

    def fire(self) -> None:
        if not self._active:
            raise AssertionError("the timer is not running: its timeout would not come")
        if self._single:
            self._active = False
        self.timeout.emit()


def patch_timers(monkeypatch, module) -> list[FakeTimer]:
    """Replace ``module.QTimer`` by `FakeTimer`; returns the timers made from then on."""
    made: list[FakeTimer] = []

    def factory(parent=None) -> FakeTimer:
        timer = FakeTimer(parent)
        made.append(timer)
        return timer

    monkeypatch.setattr(module, "QTimer", factory)
    return made


# ------------------------------------------------------------------------------ people
def make_id_number(birth: date, sequence: int, area: str = "110105") -> str:
    """A valid resident ID number for a made-up person (check digit computed)."""
    base = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return base + ric.calc_check_digit(base + "0")


def person(name: str = "测试甲", birth: date = date(1980, 2, 3), sequence: int = 417, *,
           address: str = "测试省测试市幸福路7号", source: str = "chip"):
    """A made-up, validated identity (`kiosk.services.identity.Identity`)."""
    from kiosk.domain import idnumber
    from kiosk.services.identity import Identity

    number = make_id_number(birth, sequence)
    return Identity(name=name, id_number=number, sex="男" if idnumber.sex(number) == "M" else "女", nation="汉",
                    birth_date=birth, address=address, authority="测试市公安局", valid_to=None, source=source)


def personal_values(*people) -> list[str]:
    """What must never reach a log: names, ID numbers and addresses."""
    return [v for p in people for v in (p.name, p.id_number, p.address) if v]


def assert_nothing_personal(text: str, *people) -> None:
    for value in personal_values(*people):
        assert value not in text, f"personal data in the log: {value[:1]}…"


def card_of(identity, *, valid_to: date | None = None, valid_from: date = date(2015, 1, 1)):
    """The ID card (`drivers.idcard.base.IdCardData`) of a made-up identity, for the simulated reader."""
    from drivers.idcard import sam
    from drivers.idcard.base import IdCardData

    return IdCardData(name=identity.name, sex_code="1" if identity.sex == "男" else "2", nation_code="01",
                      birth_date=identity.birth_date, address=identity.address, id_number=identity.id_number,
                      authority=identity.authority, valid_from=valid_from, valid_to=valid_to,
                      photo=b"WLT" + bytes(sam.PHOTO_LEN - 3))


# ---------------------------------------------------------------------- contract objects
COURT_CODE = "京0105"
COURT_NAME = "北京市朝阳区人民法院"


LOOKUP_URL = "https://court.example/m/{code}"


def policy(court_name: str = COURT_NAME, version: str = "p-1") -> c.Policy:
    return c.Policy(
        version=version, fee_schedule_version="2007-481",
        courts=[c.Court(code=COURT_CODE, name=court_name, case_number_prefix=COURT_CODE)],
        case_types=[c.CaseType(code="民初", name="民事一审", fee_kind="property"),
                    c.CaseType(code="民初-离婚", name="离婚纠纷", fee_kind="divorce")],
        lookup_url=LOOKUP_URL,
    )


def policy_cache(folder: Path, court_name: str = COURT_NAME):
    """A real `PolicyCache` over a file holding `policy(court_name)`."""
    from kiosk.policy import PolicyCache

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "policy.json"
    path.write_text(json.dumps(policy(court_name).model_dump(mode="json"), ensure_ascii=False), encoding="utf-8")
    return PolicyCache(path)


def fee_notice(filing_id: str, amount: str = "2300.00", *, paid: bool = False,
               notice_id: str | None = None) -> c.FeeNotice:
    issued = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    return c.FeeNotice(notice_id=notice_id or f"FN-{filing_id[:8]}", filing_id=filing_id, amount=Decimal(amount),
                       breakdown=[c.FeeLine(label="案件受理费", amount=Decimal(amount))], schedule_version="2007-481",
                       issued_at=issued, pay_by=issued + timedelta(days=7), paid=paid)


def filing_receipt(filing_id: str, notice: c.FeeNotice | None) -> dict:
    """What the outbox keeps as the court's answer to a delivered filing (JSON)."""
    return c.FilingReceipt(filing_id=filing_id, received_at=datetime(2026, 3, 2, 8, 0, tzinfo=UTC),
                           fee_notice=notice).model_dump(mode="json")


def payment_order(notice: c.FeeNotice, attempt: int = 1, status: str = c.PAYMENT_AWAITING) -> c.PaymentOrder:
    payment_id = c.payment_id_for(notice.notice_id, attempt)
    created = datetime(2026, 3, 2, 8, 5, tzinfo=UTC)
    return c.PaymentOrder(payment_id=payment_id, notice_id=notice.notice_id, filing_id=notice.filing_id,
                          amount=notice.amount, status=status, qr_content=f"https://pay.example/{payment_id}",
                          created_at=created, expires_at=created + timedelta(minutes=30))


def case_summary(filing_id: str, submitted_at: datetime, *, status: str = "pending_review",
                 notice: c.FeeNotice | None = None, defendant: str = "测试丙") -> c.CaseSummary:
    return c.CaseSummary(filing_id=filing_id, court_code=COURT_CODE, court_name=COURT_NAME, case_type="民初",
                         case_type_name="民事一审", status=status, submitted_at=submitted_at,
                         updated_at=submitted_at, plaintiff_name="测试甲", defendant_name=defendant,
                         amount=Decimal("5000.00"), fee_notice=notice)


def submission(plaintiff, *, filing_id: str | None = None, confirmed_at: datetime | None = None,
               kind: str = "first_instance", agent=None, other_plaintiffs: Iterable = (),
               defendant: str = "测试乙", amount: str = "100000.00") -> c.FilingSubmission:
    """A filing of a made-up person (plaintiff, or agent for someone else)."""
    extra: dict[str, Any] = {}
    if kind in ("appeal", "enforcement"):
        extra["reference_case_number"] = "（2025）京0105民初1号"
    if agent is not None:
        extra.update(filed_by="agent", agent=c.Agent(name=agent.name, id_number=agent.id_number, relation="relative"))
    return c.FilingSubmission(
        filing_id=filing_id or str(uuid.uuid4()), court_code=COURT_CODE, case_type="民初",
        plaintiff=c.Party(kind="person", name=plaintiff.name, id_number=plaintiff.id_number,
                          address=plaintiff.address),
        other_plaintiffs=[c.Party(kind="person", name=p.name, id_number=p.id_number) for p in other_plaintiffs],
        defendants=[c.Party(kind="person", name=defendant)], claims="判令被告返还款项。",
        amount=Decimal(amount), fee_estimate=Decimal("2300.00"), fee_schedule_version="decree481-2007",
        confirmed_at=confirmed_at or datetime(2026, 3, 1, 9, 30, tzinfo=UTC), filing_kind=kind, **extra)


def store_filing(outbox, filing: c.FilingSubmission):
    """The filing as the filing service stores it (kind "filing", id = filing id)."""
    return outbox.enqueue("filing", filing.model_dump(mode="json"), f"filing-{filing.filing_id}",
                          item_id=filing.filing_id)


# -------------------------------------------------------------------------------- court
class FakeCourt:
    """The court client as the services use it. Every call is recorded in ``calls`` as
    (method, argument); while ``down`` every call raises RetryableError (the court is out of reach)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []
        self.down = False
        self.cases: list[c.CaseSummary] = []
        self.policy = policy()
        self.statuses: dict[str, c.FilingStatus] = {}
        self.orders: dict[str, c.PaymentOrder] = {}
        self.quote_total: Decimal | None = Decimal("2300.00")

    def _call(self, name: str, argument: Any = None) -> None:
        self.calls.append((name, argument))
        if self.down:
            raise RetryableError(detail="court out of reach (fake)")

    def methods(self) -> list[str]:
        return [name for name, _ in self.calls]

    def health(self) -> c.Health:
        self._call("health")
        return c.Health(status="ok")

    def get_policy(self) -> c.Policy:
        self._call("get_policy")
        return self.policy

    def search_cases(self, id_number: str) -> c.CaseList:
        self._call("search_cases", id_number)
        return c.CaseList(items=list(self.cases))

    def filing_status(self, filing_id: str) -> c.FilingStatus:
        self._call("filing_status", filing_id)
        return self.statuses[filing_id]

    def payment_status(self, payment_id: str) -> c.PaymentOrder | None:
        self._call("payment_status", payment_id)
        return self.orders.get(payment_id)

    def calculate_fee(self, request: c.FeeRequest) -> c.FeeQuote:
        self._call("calculate_fee", request)
        total = self.quote_total
        return c.FeeQuote(case_type=request.case_type, amount=request.amount, total=total,
                          breakdown=[c.FeeLine(label="案件受理费", amount=total)], schedule_version="2007-481")


class FailingOutbox:
    """An outbox whose storage fails (a full disk): every call raises OutboxFullError."""

    encrypted = True

    def __getattr__(self, name: str):
        from offline_queue.outbox import OutboxFullError

        def fail(*args, **kwargs):
            raise OutboxFullError("database or disk is full (fake)")

        return fail


def open_outbox(folder: Path, clock: Callable[[], float] | None = None):
    """A real, encrypted outbox in ``folder`` (close it when done)."""
    from offline_queue.outbox import Outbox

    kwargs: dict[str, Any] = {"key_path": folder / "keys" / "outbox.key"}
    if clock is not None:
        kwargs["clock"] = clock
    return Outbox(folder / "outbox.sqlite3", **kwargs)


# ------------------------------------------------------------------------ config, deps
def make_config(tmp_path: Path, **overrides):
    """The kiosk's configuration (defaults: demo, simulators) over folders in ``tmp_path``;
    ``overrides`` by dotted key."""
    from kiosk.config import load_config

    values: dict[str, Any] = {
        "kiosk.data_dir": str(tmp_path / "data"),
        "kiosk.log_dir": str(tmp_path / "log"),
        "queue.key_path": str(tmp_path / "keys" / "outbox.key"),
    }
    values.update(overrides)
    return load_config(env={}, overrides=values)


@functools.cache
def _deps_class():
    from kiosk.services.registry import Deps

    class RecordingDeps(Deps):
        """Deps that notes which of its fields the factory read (``read``)."""

        def __getattribute__(self, name: str):
            if not name.startswith("_") and name in Deps.__dataclass_fields__:
                object.__getattribute__(self, "__dict__").setdefault("_read", set()).add(name)
            return object.__getattribute__(self, name)

        @property
        def read(self) -> set[str]:
            return set(self.__dict__.get("_read", set()))

    return RecordingDeps


#: Deps fields a declaration must ask for: (field, the spec flag that grants it).
GATED = {"outbox": "outbox", "wake_sync": "outbox", "queue_set_aside": "outbox", "court": "court"}


def make_deps(spec, config, *, devices: dict | None = None, workers: dict | None = None,
              services: dict | None = None, outbox=None, wake_sync=None, queue_set_aside=None, court=None,
              policy=None, dispatcher=None, generation=None, device_errors: dict | None = None,
              device_backends: dict | None = None, subscribe_queue=None, device_health=None,
              backend_health=None):
    """The Deps `kiosk.compose.build_services` would give ``spec``, from the ports given here: only
    the devices, workers (an InlineWorker for each one not given), services and config sections it
    declares; the outbox, wake_sync and the set-aside file only with ``outbox=True``, the court only
    with ``court=True``. A service it requires but that is not in ``services`` is a KeyError."""
    from kiosk.services.registry import ConfigView
    from kiosk.workers import Generation

    kinds = (*spec.devices, *spec.uses_devices)
    devices = devices or {}
    workers = workers or {}
    services = services or {}
    errors = device_errors or {}
    backends = device_backends or {}
    deps = _deps_class()(
        spec=spec,
        config=ConfigView(config, spec.config, spec.id),
        devices={kind: devices.get(kind) for kind in kinds},
        workers={name: workers.get(name) or InlineWorker(name) for name in (*kinds, *spec.workers)},
        services={name: services[name] for name in spec.requires},
        outbox=outbox if spec.outbox else None,
        wake_sync=(wake_sync or (lambda: None)) if spec.outbox else (lambda: None),
        queue_set_aside=queue_set_aside if spec.outbox else None,
        court=court if spec.court else None,
        policy=policy,
        dispatcher=dispatcher or InlineDispatcher(),
        generation=generation or Generation(),
        device_errors={kind: errors[kind] for kind in kinds if kind in errors},
        device_backends={kind: backends.get(kind, config.get(f"devices.{kind}.backend")) for kind in kinds},
        subscribe_queue=subscribe_queue or (lambda callback: None),
        device_health=device_health,
        backend_health=backend_health,
    )
    deps.__dict__["_read"] = set()  # what the constructor set is not a read by the factory
    return deps
