"""The demo simulator: bodies that pass the intake contract, varied texts, places in the county,
an arrival curve that integrates to the daily rate, and a runner that posts with the bearer token,
keeps going after failures and never sleeps in these tests."""
from __future__ import annotations

import random
import re
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from adapters.simulator.arrivals import (
    DEFAULT_RATE_PER_DAY,
    expected_per_day,
    expected_per_hour,
    hourly_shares,
    next_gap,
)
from adapters.simulator.generator import DemandGenerator
from adapters.simulator.people import random_mobile, random_name, random_reporter
from adapters.simulator.places import encode_location
from adapters.simulator.runner import Simulator
from adapters.simulator.taxonomy import BUNDLED_TAXONOMY, load_taxonomy
from adapters.simulator.texts import CATEGORY_WEIGHTS, TEMPLATES, compose, fill_slots, short_village_name
from casework.clock import CENTER_TZ, FrozenClock
from casework.inbound import DemandBody
from geo import get_region, to_wgs84

START = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
PHONE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture(scope="module")
def region():
    return get_region("qu-county")


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def demands(region, taxonomy, n: int, seed: int = 1, step_minutes: float = 5.0) -> list[dict[str, Any]]:
    generator = DemandGenerator(region, taxonomy, random.Random(seed))
    return [generator.next_demand(START + timedelta(minutes=step_minutes * i)) for i in range(n)]


# -- taxonomy ---------------------------------------------------------------------------------------

def test_bundled_taxonomy_has_the_three_levels(taxonomy) -> None:
    assert len(taxonomy.first_level) == 15
    assert len({second for _, second, _ in taxonomy.rows}) == 103
    assert len(taxonomy.rows) == 517
    assert "城乡建设" in taxonomy.first_level
    assert "物业服务" in taxonomy.third_level("城乡建设", "住房保障与房地产")
    assert taxonomy.contains("劳动和社会保障", "工资福利", "工资发放")
    assert not taxonomy.contains("劳动和社会保障", "文化")


def test_taxonomy_loader_refuses_a_wrong_header(tmp_path) -> None:
    path = tmp_path / "taxonomy.csv"
    path.write_text("a,b,c\n城乡建设,安全生产,事故处理\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_taxonomy(path)
    path.write_text("\ufeff一级分类,二级分类,三级分类\n城乡建设,安全生产,事故处理\n\n", encoding="utf-8")
    assert load_taxonomy(path).first_level == ("城乡建设",)


def test_shipped_data_has_no_citizen_messages() -> None:
    assert sorted(p.name for p in BUNDLED_TAXONOMY.parent.iterdir()) == ["README.md", "taxonomy.csv"]


# -- templates --------------------------------------------------------------------------------------

def test_templates_cover_the_common_categories_and_exist_in_the_taxonomy(taxonomy) -> None:
    assert len(TEMPLATES) >= 40
    assert len({t.key for t in TEMPLATES}) == len(TEMPLATES)
    for template in TEMPLATES:
        assert taxonomy.contains(template.category, template.topic), template.key
        assert template.titles and template.openings and template.details and template.requests
    assert set(CATEGORY_WEIGHTS) <= set(taxonomy.first_level)
    covered = {t.category for t in TEMPLATES}
    assert {"城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输",
            "农村农业", "民政", "政法"} <= covered
    assert {t.key for t in TEMPLATES if t.urgency != "normal"} >= {"gas_smell", "elderly_missing", "wage_arrears_crowd"}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_every_template_fills_every_alternative(template) -> None:
    rng = random.Random(5)
    slots = fill_slots(rng, "渠江街道", "庆丰社区")
    for text in template.titles + template.openings + template.details + template.impacts + template.requests:
        filled = text.format_map(slots)
        assert "{" not in filled and "}" not in filled
    composed = compose(template, slots, rng)
    assert 1 <= len(composed.title) <= 200
    assert 3 <= len(composed.sentences) <= 4
    assert composed.sentences[-1].endswith(("。", "！"))


def test_short_village_names() -> None:
    assert short_village_name("庆丰社区居民委员会") == "庆丰社区"
    assert short_village_name("珠山村民委员会") == "珠山村"
    assert short_village_name("少愚社区居委会") == "少愚社区"
    assert short_village_name("白鹤村") == "白鹤村"


# -- people -----------------------------------------------------------------------------------------

def test_people_are_plausible_and_deterministic() -> None:
    rng = random.Random(3)
    for _ in range(500):
        name = random_name(rng)
        assert 2 <= len(name) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", name)
        assert PHONE.match(random_mobile(rng))
    assert random_reporter(random.Random(9)) == random_reporter(random.Random(9))
    assert len({random_mobile(rng) for _ in range(200)}) == 200


# -- generated bodies -------------------------------------------------------------------------------

def test_bodies_validate_against_the_intake_contract(region, taxonomy) -> None:
    bodies = demands(region, taxonomy, 400)
    first_level = set(taxonomy.first_level)
    for body in bodies:
        parsed = DemandBody(**body)
        assert parsed.category in first_level
        assert parsed.received_at.utcoffset() == timedelta(hours=8)
        assert body["received_at"].endswith("+08:00")
        assert PHONE.match(body["reporter"]["phone"])
        assert body["location"]["address"].startswith("渠县")
        assert 2 <= len(re.findall(r"[。！？]", body["content"])) <= 4
    assert len({body["external_id"] for body in bodies}) == len(bodies)
    urgencies = Counter(body["urgency"] for body in bodies)
    assert urgencies["normal"] > 0.9 * len(bodies)
    assert urgencies["urgent"] + urgencies["critical"] > 0


def test_category_mix_favours_urban_construction_and_labour(region, taxonomy) -> None:
    counts = Counter(body["category"] for body in demands(region, taxonomy, 1000))
    top_two = {category for category, _ in counts.most_common(2)}
    assert top_two == {"城乡建设", "劳动和社会保障"}
    assert len(counts) >= 10


def test_texts_vary(region, taxonomy) -> None:
    bodies = demands(region, taxonomy, 200)
    assert len({body["title"] for body in bodies}) > 100
    assert len({body["content"] for body in bodies}) > 150
    assert len({body["reporter"]["name"] for body in bodies}) > 100


def test_places_lie_in_the_region_and_exercise_conversion(region, taxonomy) -> None:
    minx, miny, maxx, maxy = region.bounds
    bodies = demands(region, taxonomy, 400)
    located = 0
    for body in bodies:
        location = body["location"]
        lon, lat = to_wgs84(location["lon"], location["lat"], location["crs"])
        assert minx - 1e-6 <= lon <= maxx + 1e-6 and miny - 1e-6 <= lat <= maxy + 1e-6
        located += region.locate(lon, lat) is not None
    assert located >= 0.95 * len(bodies)
    crs = Counter(body["location"]["crs"] for body in bodies)
    assert crs["WGS84"] > crs["GCJ02"] > 0 and crs["BD09"] > 0
    towns = Counter(re.match(r"渠县(\S+?(?:街道|镇|乡))", b["location"]["address"]).group(1) for b in bodies)
    urban = towns["渠江街道"] + towns["天星街道"] + towns["渠南街道"]
    assert urban > 0.2 * len(bodies)  # 3 of 37 townships


def test_a_gcj02_position_converts_back_to_the_generated_point() -> None:
    location = encode_location(106.9677, 30.8425, "GCJ02", "渠县渠江街道庆丰社区附近")
    assert (location["lon"], location["lat"]) != (106.9677, 30.8425)
    lon, lat = to_wgs84(location["lon"], location["lat"], "GCJ02")
    assert abs(lon - 106.9677) < 1e-6 and abs(lat - 30.8425) < 1e-6
    with pytest.raises(ValueError):
        encode_location(1, 2, "UTM", "")


def test_some_callers_call_again_about_the_same_issue(region, taxonomy) -> None:
    bodies = demands(region, taxonomy, 300)
    first_seen: dict[tuple[str, str], dict[str, Any]] = {}
    repeats = []
    for body in bodies:
        key = (body["reporter"]["phone"], body["title"])
        if key in first_seen:
            repeats.append((first_seen[key], body))
        else:
            first_seen[key] = body
    assert 5 <= len(repeats) <= 45
    for original, again in repeats:
        assert again["category"] == original["category"]
        assert again["location"]["address"] == original["location"]["address"]
        gap = datetime.fromisoformat(again["received_at"]) - datetime.fromisoformat(original["received_at"])
        assert timedelta(0) < gap <= timedelta(hours=24)
        assert "反映" in again["content"]
        assert again["external_id"] != original["external_id"]


def test_the_generator_is_deterministic_for_a_seed(region, taxonomy) -> None:
    assert demands(region, taxonomy, 50, seed=42) == demands(region, taxonomy, 50, seed=42)
    assert demands(region, taxonomy, 50, seed=42) != demands(region, taxonomy, 50, seed=43)


def test_the_generator_refuses_naive_times(region, taxonomy) -> None:
    generator = DemandGenerator(region, taxonomy, random.Random(1))
    with pytest.raises(ValueError):
        generator.next_demand(datetime(2026, 11, 23, 9, 0))


class FakeRegion:
    """The least a region must offer the simulator: two townships, three villages, no `kind`."""

    townships = [
        {"code": "511725001", "name": "渠江街道", "lon": 106.97, "lat": 30.84},
        {"code": "511725100", "name": "临巴镇", "lon": 107.05, "lat": 30.90},
    ]
    villages = [
        {"code": "511725001001", "name": "庆丰社区居民委员会", "town_code": "511725001", "town": "渠江街道",
         "lon": 106.9677, "lat": 30.8425},
        {"code": "511725001015", "name": "珠山村民委员会", "town_code": "511725001", "town": "渠江街道",
         "lon": 106.99, "lat": 30.86},
        {"code": "511725100201", "name": "石佛村民委员会", "town_code": "511725100", "town": "临巴镇",
         "lon": 107.06, "lat": 30.91},
    ]
    bounds = (106.90, 30.80, 107.10, 30.95)
    center = (107.0, 30.875)


def test_a_small_region_without_village_kinds_works(taxonomy) -> None:
    generator = DemandGenerator(FakeRegion(), taxonomy, random.Random(2))
    for i in range(100):
        body = generator.next_demand(START + timedelta(minutes=i))
        DemandBody(**body)
        assert any(v in body["location"]["address"] for v in ("庆丰社区", "珠山村", "石佛村"))


# -- arrivals ---------------------------------------------------------------------------------------

def test_the_arrival_curve_integrates_to_the_daily_rate() -> None:
    assert sum(hourly_shares()) == pytest.approx(1.0)
    assert expected_per_day() == pytest.approx(DEFAULT_RATE_PER_DAY)
    assert sum(expected_per_hour(h, 480) for h in range(24)) == pytest.approx(480)
    assert DEFAULT_RATE_PER_DAY == pytest.approx(300)
    night = max(expected_per_hour(h) for h in range(0, 6))
    assert min(expected_per_hour(h) for h in (9, 10, 14, 15, 16)) > 5 * night
    assert expected_per_hour(12) < expected_per_hour(10) and expected_per_hour(12) < expected_per_hour(15)
    assert night < expected_per_hour(20) < expected_per_hour(10)
    with pytest.raises(ValueError):
        expected_per_hour(24)


def test_the_poisson_process_follows_the_curve() -> None:
    rng = random.Random(7)
    moment = datetime(2026, 11, 1, 0, 0, tzinfo=CENTER_TZ)
    end = moment + timedelta(days=20)
    per_hour: Counter[int] = Counter()
    total = 0
    while True:
        moment += timedelta(seconds=next_gap(moment, 300, rng))
        if moment >= end:
            break
        per_hour[moment.hour] += 1
        total += 1
    assert total == pytest.approx(20 * 300, rel=0.05)
    for hour in (3, 10, 15, 21):
        assert per_hour[hour] == pytest.approx(20 * expected_per_hour(hour, 300), rel=0.35)
    assert per_hour[10] > 5 * per_hour[3]


def test_next_gap_crosses_quiet_hours_and_refuses_a_zero_rate() -> None:
    rng = random.Random(1)
    gaps = [next_gap(datetime(2026, 11, 23, 3, 0), 1.0, rng) for _ in range(200)]  # naive: local time
    assert all(gap > 0 for gap in gaps)
    assert sum(gaps) / len(gaps) > 3600  # one a day: gaps run for hours, across hour boundaries
    with pytest.raises(ValueError):
        next_gap(START, 0, rng)


# -- runner -----------------------------------------------------------------------------------------

class FakeResponse:
    def __init__(self, status_code: int, body: dict[str, Any] | None = None) -> None:
        self.status_code = status_code
        self._body = body or {}
        self.text = str(self._body)

    def json(self) -> dict[str, Any]:
        return self._body


class FakeSession:
    """Captures posts; answers from a script of statuses or exceptions (then 201 for ever)."""

    def __init__(self, script: list[int | Exception] | None = None) -> None:
        self.posts: list[dict[str, Any]] = []
        self.script = list(script or [])
        self.posted = threading.Event()

    def post(self, url: str, *, json: dict[str, Any], headers: dict[str, str], timeout: float) -> FakeResponse:
        self.posts.append({"url": url, "json": json, "headers": headers, "timeout": timeout})
        self.posted.set()
        outcome = self.script.pop(0) if self.script else 201
        if isinstance(outcome, Exception):
            raise outcome
        if outcome >= 400:
            return FakeResponse(outcome, {"error": "invalid", "errors": [{"field": "title"}]})
        return FakeResponse(outcome, {"id": "01J", "status": "new"})


class StopAfter:
    """A stand-in for threading.Event: `wait` returns at once, records its timeout, and the event
    is set once `waits` waits have happened."""

    def __init__(self, waits: int) -> None:
        self.left = waits
        self.timeouts: list[float] = []

    def is_set(self) -> bool:
        return self.left <= 0

    def wait(self, timeout: float | None = None) -> bool:
        self.timeouts.append(timeout or 0.0)
        self.left -= 1
        return self.left <= 0

    def set(self) -> None:
        self.left = 0


def simulator(region, taxonomy, session, **options) -> Simulator:
    clock = FrozenClock(START)
    return Simulator("http://127.0.0.1:8050/", "s3cret", rng_seed=11, clock=clock, session=session,
                     region=region, taxonomy=taxonomy, **options)


def test_burst_posts_with_the_bearer_token(region, taxonomy) -> None:
    session = FakeSession([201, 200, 422])
    sim = simulator(region, taxonomy, session)
    assert sim.burst(5) == [201, 200, 422, 201, 201]
    assert len(session.posts) == 5
    for post in session.posts:
        assert post["url"] == "http://127.0.0.1:8050/api/v1/intake/hotline12345"
        assert post["headers"]["Authorization"] == "Bearer s3cret"
        assert post["timeout"] > 0
        DemandBody(**post["json"])
        assert post["json"]["received_at"] == "2026-11-23T09:00:00+08:00"  # the clock's now
    stats = sim.stats
    assert (stats.posted, stats.created, stats.duplicates, stats.rejected) == (5, 3, 1, 1)


def test_the_runner_is_deterministic_with_a_seed(region, taxonomy) -> None:
    first, second = FakeSession(), FakeSession()
    simulator(region, taxonomy, first).burst(20)
    simulator(region, taxonomy, second).burst(20)
    assert [p["json"] for p in first.posts] == [p["json"] for p in second.posts]


def test_burst_survives_an_unreachable_server(region, taxonomy) -> None:
    session = FakeSession([requests.ConnectionError("refused"), requests.Timeout("slow")])
    sim = simulator(region, taxonomy, session)
    assert sim.burst(3) == [None, None, 201]
    assert sim.stats.connection_errors == 2 and sim.stats.created == 1


def test_run_paces_demands_by_the_curve_in_simulated_time(region, taxonomy) -> None:
    session = FakeSession()
    sim = simulator(region, taxonomy, session, speed=60.0)
    stop = StopAfter(waits=31)
    sim.run(stop)
    assert len(session.posts) == 30
    assert stop.timeouts and all(t > 0 for t in stop.timeouts)
    simulated = (sim.simulated_now - START).total_seconds()
    assert simulated == pytest.approx(60.0 * sum(stop.timeouts))
    # around 09:00 about 25 demands an hour arrive: 30 take roughly an hour (of simulated time)
    assert 0.3 * 3600 < simulated < 3 * 3600
    assert len({p["json"]["external_id"] for p in session.posts}) == 30


def test_run_backs_off_and_retries_the_same_demand_after_connection_errors(region, taxonomy) -> None:
    refused = requests.ConnectionError("refused")
    session = FakeSession([refused, refused, refused, 201])
    sim = simulator(region, taxonomy, session, speed=60.0)
    stop = StopAfter(waits=6)  # gap, three back-offs, gap, and stop
    sim.run(stop)
    assert stop.timeouts[1:4] == [1.0, 2.0, 4.0]
    ids = [p["json"]["external_id"] for p in session.posts]
    assert ids[:4] == [ids[0]] * 4
    assert sim.stats.connection_errors == 3 and sim.stats.created >= 1


def test_run_keeps_going_after_rejections_and_unexpected_errors(region, taxonomy) -> None:
    session = FakeSession([500, 422, RuntimeError("boom"), 201])
    sim = simulator(region, taxonomy, session)
    stop = StopAfter(waits=8)
    sim.run(stop)  # does not raise
    assert len(session.posts) >= 4
    assert sim.stats.rejected == 2 and sim.stats.created >= 1


def test_start_runs_in_a_daemon_thread_until_stopped(region, taxonomy) -> None:
    session = FakeSession()
    sim = simulator(region, taxonomy, session, speed=1e9)  # gaps of microseconds
    stop = threading.Event()
    thread = sim.start(stop)
    try:
        assert thread.daemon
        assert session.posted.wait(5)
    finally:
        stop.set()
        thread.join(5)
    assert not thread.is_alive()
    assert session.posts[0]["headers"]["Authorization"] == "Bearer s3cret"


def test_the_simulator_refuses_a_nonsense_speed() -> None:
    with pytest.raises(ValueError):
        Simulator("http://x", "t", speed=0)


# -- through the real intake endpoint ---------------------------------------------------------------

class FlaskClientSession:
    """Hands the simulator's posts to a Flask test client: the real HTTP path, without a socket."""

    def __init__(self, client) -> None:  # noqa: ANN001
        self.client = client

    def post(self, url: str, *, json: dict[str, Any], headers: dict[str, str], timeout: float):  # noqa: ANN201
        response = self.client.post(urlsplit(url).path, json=json, headers=headers)
        return FakeResponse(response.status_code, response.get_json())


def test_the_app_takes_every_simulated_demand(sqlite_url, clock, region, taxonomy) -> None:  # noqa: ANN001
    from sqlalchemy import select

    from casework.models import Case
    from casework.settings import Settings
    from dashboard.server import create_app
    from realtime.runtime import build_runtime

    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN="sim-token-0123456789abcdef")
    runtime = build_runtime(settings, clock=clock)
    try:
        app = create_app(settings, runtime=runtime)
        session = FlaskClientSession(app.flask.test_client())
        sim = Simulator("http://127.0.0.1:8050", "sim-token-0123456789abcdef", rng_seed=3, clock=clock,
                        session=session, region=region, taxonomy=taxonomy)
        assert sim.burst(40) == [201] * 40
        wrong = Simulator("http://127.0.0.1:8050", "wrong-token", rng_seed=3, clock=clock, session=session,
                          region=region, taxonomy=taxonomy)
        assert wrong.burst(1) == [401]
        with runtime.store.reading() as s:
            cases = s.scalars(select(Case)).all()
        assert len(cases) == 40
        assert sum(case.township_code is not None for case in cases) >= 38
    finally:
        runtime.stop()
