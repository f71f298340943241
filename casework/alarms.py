"""Camera alarms: the camera registry, storms collapsed into alerts, intrusions that become cases.

Adapters parse what a camera or NVR pushes into a `CameraAlarm` or a `CameraStatus` (plain objects,
below); `do_alarm` and `do_camera_status` are the only writers. Every alarm is kept (an
`AlarmReceipt` row, raw payload and pictures included) and lands on an alert: a new one, or the open
alert of the same camera and kind whose last alarm is less than `COLLAPSE_WINDOW` old (a storm is one
alert with a count). A new alert writes an `alert.raised` event to the outbox in the same
transaction; repeats write one with `data.repeat = true` when the alert changes state (ended,
reopened, a case attached) and otherwise at most once per `RENOTIFY_AFTER`, so a storm cannot flood
the screens. A heartbeat or video-loss report that changes a camera's status writes `camera.status`
(id, status, previous status, position, township); one that changes nothing writes no event. An alarm the adapter marks `opens_case` opens a case through `do_intake` (channel
"camera") once per alert.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .actions import do_intake
from .clock import Clock, iso_local
from .envelope import Envelope
from .ids import new_id
from .inbound import InboundReport, Location
from .models import Alert, Base, Camera
from .sla import PolicyBook
from .store.outbox import enqueue

COLLAPSE_WINDOW = timedelta(minutes=5)
RENOTIFY_AFTER = timedelta(seconds=30)
CAMERA_STATUSES = ("unknown", "online", "video_lost", "offline")
ALERT_STATUSES = ("open", "ended", "lapsed")
UNREGISTERED = "未登记"
CASE_CATEGORY = "政法"


# --- the plain objects adapters hand over -------------------------------------------------------

@dataclass(frozen=True)
class CameraRef:
    """How a source names the camera it speaks for (Hikvision: device + channel; Frigate: name)."""

    vendor: str
    channel: str | None = None
    mac_address: str | None = None
    serial_number: str | None = None
    ip_address: str | None = None
    name: str | None = None  # Frigate: the identity; Hikvision: the channel name, a display hint

    def identity(self) -> str:
        device = self.name if self.vendor == "frigate" else \
            (self.mac_address or self.serial_number or self.ip_address or "?")
        return f"{self.vendor}|{device}|{self.channel or ''}"


@dataclass(frozen=True)
class Picture:
    content_type: str
    data: bytes


@dataclass(frozen=True)
class CameraAlarm:
    source: str  # hikvision / frigate
    camera: CameraRef
    kind: str  # normalised: intrusion, line_crossing, motion, person, car, ...
    event_type: str  # as the source named it
    state: str  # active / inactive (Hikvision); new / update / end (Frigate)
    occurred_at: datetime  # aware
    dedup_key: str  # the same alarm sent twice has the same key
    title: str  # short and human: 区域入侵（人员）
    raw: str  # the event document exactly as received (decoded)
    external_id: str | None = None  # the source's id of the tracked object (Frigate event id)
    label: str | None = None  # what was detected
    zones: tuple[str, ...] = ()
    ends: bool = False  # the source says the event is over
    opens_alert: bool = True  # False: an end with nothing open to end is only noted
    opens_case: bool = False  # the adapter's rule: an intrusion in a watched zone
    description: str = ""
    notes: tuple[str, ...] = ()
    pictures: tuple[Picture, ...] = ()


@dataclass(frozen=True)
class CameraStatus:
    """A heartbeat or a video-loss report: changes the camera's status, never an alert or a case."""

    source: str
    camera: CameraRef
    status: str  # online / video_lost
    event_type: str
    occurred_at: datetime
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class AlarmOutcome:
    outcome: str  # opened / collapsed / updated / ended / ignored / duplicate / status
    camera: dict[str, Any]
    alert: dict[str, Any] | None = None
    case_created: bool = False
    pictures: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def created(self) -> bool:
        return self.outcome == "opened"


@dataclass(frozen=True)
class CameraSpec:
    id: str
    name: str
    source_system: str  # 雪亮 / 天网 / 部门
    vendor: str
    channel: str | None = None
    ip_address: str | None = None
    mac_address: str | None = None
    serial_number: str | None = None
    external_name: str | None = None
    lon: float | None = None
    lat: float | None = None
    address: str | None = None
    township_code: str | None = None
    village_code: str | None = None

    def ref(self) -> CameraRef:
        return CameraRef(vendor=self.vendor, channel=self.channel, mac_address=self.mac_address,
                         serial_number=self.serial_number, ip_address=self.ip_address,
                         name=self.external_name)


# --- tables (to move into casework/models.py) ---------------------------------------------------

class AlarmReceipt(Base):
    """Every alarm as received, collapsed or not: the raw payload, its key and what became of it."""

    __tablename__ = "alarm_receipts"
    __table_args__ = (Index("ix_alarm_receipts_source_external", "source", "external_id"),)

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    camera_id: Mapped[str] = mapped_column(ForeignKey("cameras.id"))
    alert_id: Mapped[str | None] = mapped_column(ForeignKey("alerts.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    event_type: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    occurred_at: Mapped[datetime]
    received_at: Mapped[datetime]
    raw: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)


class AlarmPicture(Base):
    __tablename__ = "alarm_pictures"

    id: Mapped[str] = mapped_column(String(26), primary_key=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("alarm_receipts.id"), index=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- writers ------------------------------------------------------------------------------------

def do_alarm(session: Session, alarm: CameraAlarm, *, clock: Clock, actor: str = "system",
             window: timedelta = COLLAPSE_WINDOW, policies: PolicyBook | None = None) -> AlarmOutcome:
    """Keep the alarm, land it on an alert (new or collapsed), open a case when the rule says so.

    With `policies`, a case it opens starts its SLA clocks, as every channel's intake does."""
    prior = _receipt_by_key(session, alarm.dedup_key)
    if prior is not None:
        return _duplicate(session, prior)
    now = clock.now()
    camera, _ = _seen(session, alarm.camera, now)
    receipt = AlarmReceipt(
        id=new_id(now), dedup_key=alarm.dedup_key, source=alarm.source, camera_id=camera.id,
        external_id=alarm.external_id, kind=alarm.kind, event_type=alarm.event_type[:64],
        state=alarm.state, outcome="received", occurred_at=alarm.occurred_at, received_at=now,
        raw=alarm.raw, notes=list(alarm.notes),
    )
    try:
        with session.begin_nested():
            session.add(receipt)
            session.flush()
    except IntegrityError:
        # the same alarm, sent twice at once: the other request kept it first
        prior = _receipt_by_key(session, alarm.dedup_key)
        if prior is None:
            raise
        return _duplicate(session, prior)
    pictures = _keep_pictures(session, receipt, alarm.pictures, now)
    alert, outcome, changed = _land(session, alarm, camera, now, window)
    receipt.outcome = outcome
    if alert is None:
        return AlarmOutcome(outcome, camera=camera_summary(camera), notes=alarm.notes)
    receipt.alert_id = alert.id
    case_created = False
    if alarm.opens_case and alert.case_id is None:
        alert.case_id = _open_case(session, alert, camera, alarm, pictures, clock=clock, actor=actor,
                                   policies=policies)
        case_created = changed = True
    _notify(session, alert, camera, now, first=outcome == "opened", changed=changed, actor=actor,
            occurred_at=alarm.occurred_at)
    return AlarmOutcome(outcome, camera=camera_summary(camera), alert=alert_summary(alert, camera),
                        case_created=case_created, pictures=tuple(pictures), notes=alarm.notes)


def do_camera_status(session: Session, report: CameraStatus, *, clock: Clock,
                     actor: str = "system") -> AlarmOutcome:
    """Heartbeat and video loss: the camera's status and last-seen time, never an alert or a case.

    A report that changes the status (online → video_lost, back, a first heartbeat) writes one
    `camera.status` event to the outbox in the same transaction, so the wall moves the camera at once;
    a heartbeat that changes nothing writes none (a camera beats every few seconds)."""
    if report.status not in CAMERA_STATUSES:
        raise ValueError(f"camera status must be one of {CAMERA_STATUSES}")
    now = clock.now()
    camera, previous = _seen(session, report.camera, now, status=report.status)
    if camera.status != previous:
        _notify_status(session, camera, previous, now, actor=actor, occurred_at=report.occurred_at)
    return AlarmOutcome("status", camera=camera_summary(camera), notes=report.notes)


def do_register_camera(session: Session, spec: CameraSpec, *, clock: Clock) -> tuple[dict[str, Any], bool]:
    """Add a camera to the registry. A flagged unknown camera with the same identity is adopted."""
    existing = session.get(Camera, spec.id)
    if existing is not None:
        return camera_summary(existing), False
    values = {f.name: getattr(spec, f.name) for f in fields(spec) if f.name != "id"}
    flagged = find_camera(session, spec.ref())
    if flagged is not None and not flagged.known:
        for key, value in values.items():
            setattr(flagged, key, value)
        flagged.known = True
        return camera_summary(flagged), True
    camera = Camera(id=spec.id, known=True, status="unknown", **values)
    session.add(camera)
    session.flush()
    return camera_summary(camera), True


def seed_cameras(session: Session, region: Any, clock: Clock) -> int:
    """The demo registry: about 40 cameras over the county's townships (idempotent)."""
    added = 0
    for spec in demo_camera_specs(region):
        _, created = do_register_camera(session, spec, clock=clock)
        added += created
    return added


# --- readers ------------------------------------------------------------------------------------

def find_camera(session: Session, ref: CameraRef, *, lock: bool = False) -> Camera | None:
    """`lock`: hold the row until commit (PostgreSQL), so one camera's alarms land one at a time."""
    if ref.vendor == "frigate":
        if not ref.name:
            return None
        query = select(Camera).where(Camera.vendor == "frigate", Camera.external_name == ref.name) \
            .order_by(Camera.known.desc(), Camera.id).limit(1)
        return session.scalar(query.with_for_update() if lock else query)
    # strongest first; a weaker match whose stronger identifier says "another device" is no match
    for column, value in ((Camera.mac_address, ref.mac_address), (Camera.serial_number, ref.serial_number),
                          (Camera.ip_address, ref.ip_address)):
        if not value:
            continue
        query = select(Camera).where(Camera.vendor == ref.vendor, column == value, Camera.channel == ref.channel) \
            .order_by(Camera.known.desc(), Camera.id).limit(8)
        candidates = session.scalars(query.with_for_update() if lock else query)
        for camera in candidates:
            if not _contradicts(camera, ref):
                return camera
    return None


def _contradicts(camera: Camera, ref: CameraRef) -> bool:
    return any(mine and theirs and mine != theirs for mine, theirs in (
        (camera.mac_address, ref.mac_address), (camera.serial_number, ref.serial_number)))


def list_alerts(session: Session, *, status: str | None = None, camera_id: str | None = None,
                since: datetime | None = None, before: str | None = None,
                limit: int = 50) -> tuple[list[dict[str, Any]], str | None]:
    """Newest first; `before` is the cursor the previous page answered with."""
    query = select(Alert, Camera).join(Camera, Alert.camera_id == Camera.id)
    if status:
        query = query.where(Alert.status == status)
    if camera_id:
        query = query.where(Alert.camera_id == camera_id)
    if since is not None:
        query = query.where(Alert.last_at >= since)
    if before:
        query = query.where(Alert.id < before)
    rows = session.execute(query.order_by(Alert.id.desc()).limit(limit + 1)).all()
    page = [alert_summary(alert, camera) for alert, camera in rows[:limit]]
    return page, (page[-1]["id"] if len(rows) > limit else None)


def list_cameras(session: Session, *, known: bool | None = None, status: str | None = None,
                 township_code: str | None = None, after: str | None = None,
                 limit: int = 100) -> tuple[list[dict[str, Any]], str | None]:
    query = select(Camera)
    if known is not None:
        query = query.where(Camera.known == known)
    if status:
        query = query.where(Camera.status == status)
    if township_code:
        query = query.where(Camera.township_code == township_code)
    if after:
        query = query.where(Camera.id > after)
    rows = session.scalars(query.order_by(Camera.id).limit(limit + 1)).all()
    page = [camera_summary(camera) for camera in rows[:limit]]
    return page, (page[-1]["id"] if len(rows) > limit else None)


def get_picture(session: Session, picture_id: str) -> tuple[str, bytes] | None:
    picture = session.get(AlarmPicture, picture_id)
    return None if picture is None else (picture.content_type, picture.data)


def camera_summary(camera: Camera) -> dict[str, Any]:
    return {
        "id": camera.id, "name": camera.name, "channel": camera.channel,
        "source_system": camera.source_system, "vendor": camera.vendor, "known": camera.known,
        "status": camera.status, "status_at": _iso(camera.status_at), "last_seen_at": _iso(camera.last_seen_at),
        "lon": camera.lon, "lat": camera.lat, "address": camera.address,
        "township_code": camera.township_code, "village_code": camera.village_code,
        "ip_address": camera.ip_address, "mac_address": camera.mac_address,
        "serial_number": camera.serial_number, "external_name": camera.external_name,
    }


def alert_summary(alert: Alert, camera: Camera) -> dict[str, Any]:
    return {
        "id": alert.id, "source": alert.source, "kind": alert.kind, "label": alert.label,
        "status": alert.status, "count": alert.count, "zones": list(alert.zones or []),
        "raised_at": _iso(alert.raised_at), "last_at": _iso(alert.last_at),
        "occurred_at": _iso(alert.occurred_at), "ended_at": _iso(alert.ended_at),
        "case_id": alert.case_id, "notes": list(alert.notes or []),
        "camera": {key: getattr(camera, key) for key in
                   ("id", "name", "known", "source_system", "township_code", "village_code", "lon", "lat")},
    }


# --- the demo registry --------------------------------------------------------------------------

SYSTEMS = ("雪亮", "天网", "部门")
SPOTS = ("中心路口", "农贸市场", "学校门口", "汽车站", "便民服务中心", "卫生院门口")
DEMO_NVR_SERIAL = "DS-7608NXI-I2/8P0820230101CCRRJ00000001WCVU"


def demo_camera_specs(region: Any) -> list[CameraSpec]:
    """One Hikvision camera per township seat, an NVR's four IP channels and two Frigate cameras."""
    townships = list(region.townships)
    locate = getattr(region, "locate", None)
    specs = []

    def spec(id_: str, township: dict, name: str, system: str, vendor: str, dlon: float = 0.0,
             **identity: Any) -> CameraSpec:
        lon, lat = round(township["lon"] + dlon, 6), round(township["lat"], 6)
        placement = locate(lon, lat) if locate else None
        inside = placement is not None and placement.township_code == township["code"]
        return CameraSpec(id=id_, name=name, source_system=system, vendor=vendor, lon=lon, lat=lat,
                          address=name, township_code=township["code"],
                          village_code=placement.village_code if inside else None, **identity)

    for n, township in enumerate(townships, start=1):
        spot = SPOTS[n % len(SPOTS)]
        specs.append(spec(f"CAM-{township['code']}-01", township, f"{township['name']}{spot}",
                          SYSTEMS[n % len(SYSTEMS)], "hikvision", channel="1",
                          ip_address=f"10.25.{n}.64", mac_address=f"c0:56:e3:25:{n:02x}:40"))
    if townships:
        seat = townships[0]
        for port in range(1, 5):
            specs.append(spec(f"CAM-{seat['code']}-NVR{port}", seat, f"{seat['name']}综治中心 NVR 通道{port}",
                              "部门", "hikvision", dlon=0.0004 * port, channel=str(32 + port),
                              ip_address="10.25.0.10", mac_address="c0:56:e3:25:00:10",
                              serial_number=DEMO_NVR_SERIAL))
    for township, name, title in zip(townships[1:3], ("qu_station_square", "qu_school_gate"),
                                     ("客运站广场", "实验学校校门")):
        specs.append(spec(f"CAM-{township['code']}-FRG", township, f"{township['name']}{title}",
                          "雪亮", "frigate", external_name=name))
    return specs


# --- the parts ----------------------------------------------------------------------------------

def _seen(session: Session, ref: CameraRef, now: datetime, *,
          status: str | None = None) -> tuple[Camera, str]:
    """The camera behind `ref`, registered or flagged unknown, marked as heard from now; and its status
    before this report (a camera flagged just now starts `unknown`)."""
    camera = find_camera(session, ref, lock=True) or _flag_unknown(session, ref, now)
    previous = camera.status
    camera.last_seen_at = now
    for key in ("ip_address", "mac_address", "serial_number"):
        if getattr(camera, key) is None and getattr(ref, key):
            setattr(camera, key, getattr(ref, key))
    target = status or ("online" if camera.status in ("unknown", "offline") else camera.status)
    if target != camera.status:
        camera.status, camera.status_at = target, now
    return camera, previous


def _flag_unknown(session: Session, ref: CameraRef, now: datetime) -> Camera:
    """An alarm from a camera not in the registry is kept: the camera is added, flagged unknown."""
    camera_id = "U-" + hashlib.sha1(ref.identity().encode()).hexdigest()[:16]
    device = ref.ip_address or ref.serial_number or ref.mac_address or "?"
    name = ref.name or (f"{device} 通道{ref.channel}" if ref.channel else device)
    camera = Camera(
        id=camera_id, name=name[:128], channel=ref.channel, source_system=UNREGISTERED, status="unknown",
        known=False, vendor=ref.vendor, ip_address=ref.ip_address, mac_address=ref.mac_address,
        serial_number=ref.serial_number, external_name=ref.name if ref.vendor == "frigate" else None,
        first_seen_at=now, last_seen_at=now,
    )
    try:
        with session.begin_nested():
            session.add(camera)
            session.flush()
    except IntegrityError:
        existing = session.get(Camera, camera_id, with_for_update=True)
        if existing is None:
            raise
        return existing
    return camera


def _land(session: Session, alarm: CameraAlarm, camera: Camera, now: datetime,
          window: timedelta) -> tuple[Alert | None, str, bool]:
    """Which alert the alarm belongs to, and what it did to it: (alert, outcome, state changed)."""
    alert = _alert_of_object(session, alarm) if alarm.external_id else None
    same_object = alert is not None
    if alert is None:
        alert = session.scalar(
            select(Alert).where(Alert.camera_id == camera.id, Alert.kind == alarm.kind,
                                Alert.status.in_(("open", "ended")), Alert.last_at >= now - window)
            .order_by(Alert.last_at.desc()).limit(1))
    if alert is None:
        if not alarm.opens_alert:
            return None, "ignored", False
        alert = _open_alert(session, alarm, camera, now)
        if alarm.ends:
            alert.status, alert.ended_at = "ended", now
        return alert, "opened", True
    alert.last_at = now
    if alarm.zones:
        alert.zones = sorted(set(alert.zones or []) | set(alarm.zones))
    if alarm.ends:
        if alert.status == "ended":
            return alert, "updated", False
        alert.status, alert.ended_at = "ended", now
        return alert, "ended", True
    if same_object:
        return alert, "updated", False
    alert.count += 1
    if alert.status != "open":
        alert.status, alert.ended_at = "open", None
        return alert, "collapsed", True
    return alert, "collapsed", False


def _alert_of_object(session: Session, alarm: CameraAlarm) -> Alert | None:
    """The alert an earlier message about the same tracked object landed on (any age)."""
    alert_id = session.scalar(
        select(AlarmReceipt.alert_id).where(
            AlarmReceipt.source == alarm.source, AlarmReceipt.external_id == alarm.external_id,
            AlarmReceipt.alert_id.is_not(None))
        .order_by(AlarmReceipt.id.desc()).limit(1))
    return None if alert_id is None else session.get(Alert, alert_id)


def _open_alert(session: Session, alarm: CameraAlarm, camera: Camera, now: datetime) -> Alert:
    # an open alert of this camera and kind that fell out of the window lapses: a new storm begins
    for stale in session.scalars(select(Alert).where(Alert.camera_id == camera.id, Alert.kind == alarm.kind,
                                                     Alert.status == "open")):
        stale.status = "lapsed"
    alert = Alert(
        id=new_id(now), source=alarm.source, camera_id=camera.id, kind=alarm.kind, status="open", count=1,
        raised_at=now, last_at=now, raw=alarm.raw, label=alarm.label, zones=sorted(set(alarm.zones)),
        occurred_at=alarm.occurred_at, notes=list(alarm.notes),
    )
    if not camera.known:
        alert.notes = [*alert.notes, "camera not in the registry (flagged unknown)"]
    session.add(alert)
    session.flush()  # before rows that refer to it: the unit of work orders only by relationships
    return alert


def _keep_pictures(session: Session, receipt: AlarmReceipt, pictures: tuple[Picture, ...],
                   now: datetime) -> list[str]:
    ids = []
    for picture in pictures:
        row = AlarmPicture(id=new_id(now), receipt_id=receipt.id, content_type=picture.content_type,
                           size=len(picture.data), sha256=hashlib.sha256(picture.data).hexdigest(),
                           data=picture.data)
        session.add(row)
        ids.append(row.id)
    return ids


def _open_case(session: Session, alert: Alert, camera: Camera, alarm: CameraAlarm, pictures: list[str],
               *, clock: Clock, actor: str, policies: PolicyBook | None) -> str:
    where = camera.address or camera.name
    content = "\n".join(filter(None, [
        f"{camera.name}（{camera.id}，{camera.source_system}）{iso_local(alarm.occurred_at)} 报警：{alarm.title}。",
        alarm.description,
        f"区域：{'、'.join(alarm.zones)}" if alarm.zones else None,
        f"告警 {alert.id}，来源 {alarm.source}/{alarm.event_type}。",
    ]))
    location = Location(lon=camera.lon, lat=camera.lat, crs="WGS84", address=where[:256]) \
        if camera.lon is not None and camera.lat is not None else None
    report = InboundReport(
        channel="camera", external_id=alert.id, received_at=clock.now(),
        title=f"{alarm.title} · {camera.name}"[:200], content=content[:10_000], category=CASE_CATEGORY,
        urgency="urgent", location=location, township_code=camera.township_code,
        village_code=camera.village_code, raw=alarm.raw, notes=list(alert.notes),
        attachments=[{"url": f"/api/v1/alarm-pictures/{pid}", "kind": "picture"} for pid in pictures[:20]],
    )
    return do_intake(session, report, clock=clock, actor=actor, policies=policies).case["id"]


def _notify(session: Session, alert: Alert, camera: Camera, now: datetime, *, first: bool, changed: bool,
            actor: str, occurred_at: datetime) -> None:
    due = alert.notified_at is None or now - alert.notified_at >= RENOTIFY_AFTER
    if not (first or changed or due):
        return
    session.flush()
    envelope = Envelope.new(
        "alert.raised", subject_id=alert.id, occurred_at=occurred_at if first else now, received_at=now,
        actor=actor, data={"alert": alert_summary(alert, camera), "repeat": not first},
    )
    enqueue(session, envelope)
    alert.notified_at = now


def camera_status_data(camera: Camera, previous: str) -> dict[str, Any]:
    """The `camera.status` payload: the camera's id, its new and previous status, where it stands
    (position, township) and nothing else: no name, device address or serial number travels with it."""
    return {"camera": {"id": camera.id, "status": camera.status, "lon": camera.lon, "lat": camera.lat,
                       "township_code": camera.township_code},
            "previous": previous}


def _notify_status(session: Session, camera: Camera, previous: str, now: datetime, *, actor: str,
                   occurred_at: datetime) -> None:
    envelope = Envelope.new("camera.status", subject_id=camera.id, occurred_at=occurred_at, received_at=now,
                            actor=actor, data=camera_status_data(camera, previous))
    enqueue(session, envelope)


def _receipt_by_key(session: Session, key: str) -> AlarmReceipt | None:
    return session.scalar(select(AlarmReceipt).where(AlarmReceipt.dedup_key == key))


def _duplicate(session: Session, receipt: AlarmReceipt) -> AlarmOutcome:
    camera = session.get(Camera, receipt.camera_id)
    alert = session.get(Alert, receipt.alert_id) if receipt.alert_id else None
    pictures = session.scalars(select(AlarmPicture.id).where(AlarmPicture.receipt_id == receipt.id)).all()
    return AlarmOutcome("duplicate", camera=camera_summary(camera),
                        alert=alert_summary(alert, camera) if alert else None, pictures=tuple(pictures),
                        notes=("the same alarm was received before; nothing changed",))


def _iso(value: datetime | None) -> str | None:
    return None if value is None else iso_local(value)


__all__ = [
    "AlarmOutcome", "AlarmPicture", "AlarmReceipt", "CameraAlarm", "CameraRef", "CameraSpec",
    "CameraStatus", "Picture", "alert_summary", "camera_status_data", "camera_summary", "do_alarm",
    "do_camera_status", "do_register_camera", "find_camera", "get_picture", "list_alerts", "list_cameras", "seed_cameras",
]
