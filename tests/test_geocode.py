"""The offline gazetteer geocoder and its optional online fallback (fake Nominatim on 127.0.0.1)."""
from __future__ import annotations

import http.server
import json
import threading
import time
import warnings

import pytest
from geopy.geocoders import Nominatim
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geoevents.errors import GeocoderError, InputError
from geoevents.geocode import GazetteerGeocoder, geocode, parse_query


@pytest.fixture(scope="module")
def offline():
    return GazetteerGeocoder()


@pytest.mark.parametrize("query, province, district", [
    ("Khenj District", "Panjshir", "Khenj (Hese- Awal)"),
    ("Nad Ali district (Marja)", "Helmand", "Nad Ali"),
    ("Qala-I- Naw district", "Badghis", "Qala-I- Naw"),
    ("Qala-i-Naw", "Badghis", "Qala-I- Naw"),
    ("Dara-i-Sufi Payin district", "Samangan", "Dara-I-Sufi Payin"),
    ("Mazari Sharif district", "Balkh", "Mazari Sharif"),
    ("Kabul city", "Kabul", "Kabul"),
    ("Spin Buldak", "Kandahar", "Spin Boldak"),
    ("Zheray", "Kandahar", "Zhari"),
    ("Panjwai", "Kandahar", "Panjwayi"),
    ("Khost (Matun)", "Khost", "Khost(Matun)"),
    ("Kohistan (Kapisa)", "Kapisa", "Hisa-i-Awali Kohistan"),
    ("Dawlatabad, Faryab province", "Faryab", "Dawlatabad"),
    ("Dawlatabad (Balkh)", "Balkh", "Dawlatabad"),
    ("Jaldak", "Zabul", "Tarnak Wa Jaldak"),
    ("Garmsir", "Helmand", "Garmser"),
    ("Now Zad district", "Helmand", "Naw Zad"),
    ("Tarin Kowt", "Uruzgan", "Tirin Kot"),
    ("Maimana", "Faryab", "Maymana"),
])
def test_coder_style_district_names(offline, query, province, district):
    loc = offline.geocode(query)
    assert isinstance(loc, Location)
    assert (loc.raw["province"], loc.raw["district"]) == (province, district)
    assert loc.raw["country"] == "AF"
    assert loc.latitude == pytest.approx(loc.raw["lat"]) and loc.longitude == pytest.approx(loc.raw["lon"])


def test_level_words_choose_the_level(offline):
    assert offline.geocode("Kunduz province").raw["level"] == "province"
    assert offline.geocode("Kunduz city").raw["level"] == "city"
    assert offline.geocode("Kunduz district").raw["level"] == "district"


def test_is_a_geopy_geocoder(offline):
    assert isinstance(offline, Geocoder)
    locs = offline.geocode("Arghandab", exactly_one=False)
    assert {loc.raw["province"] for loc in locs} >= {"Kandahar", "Zabul"}
    assert offline.geocode("Xyzzyville") is None
    with pytest.raises(InputError):
        offline.geocode("  ")


def test_module_function_and_foreign_names():
    assert geocode("Lashkargah").raw["district"] == "Lashkar Gah"
    tash = geocode("Tashkent")
    assert tash.raw["country"] == "UZ" and tash.raw["province"] is None


def test_parse_query():
    assert parse_query("Nad Ali district (Marja)") == {"names": ["Nad Ali", "Marja"], "level": "district", "parents": []}
    assert parse_query("Nad Ali, Helmand province")["parents"] == ["Helmand"]


# ----------------------------------------------------------------------------- online fallback
class _FakeNominatim(http.server.BaseHTTPRequestHandler):
    """Answers /search like Nominatim; behaviour scripted per test through the server object."""

    def do_GET(self):  # noqa: N802 - http.server API
        srv = self.server
        srv.hits += 1
        mode = srv.script[min(srv.hits, len(srv.script)) - 1]
        if mode == "429":
            self.send_response(429)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        if mode == "slow":
            time.sleep(0.5)
        body = b"<html>oops</html>" if mode == "garbage" else json.dumps([{
            "lat": "34.5553", "lon": "69.2075", "display_name": "Somewhere, Kabul, Afghanistan",
            "address": {"country_code": "af"},
        }]).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FakeNominatim)
    srv.hits = 0
    srv.script = ["ok"]
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _online(srv, tmp_path, **kw):
    nom = Nominatim(domain=f"127.0.0.1:{srv.server_address[1]}", scheme="http", user_agent="geoevents-test",
                    timeout=kw.pop("timeout", 2))
    return GazetteerGeocoder(fallback=nom, min_delay_seconds=0, backoff_seconds=0.01,
                             cache=tmp_path / "cache.sqlite", **kw)


def test_online_fallback_is_off_by_default(fake_server):
    assert GazetteerGeocoder().geocode("Qarya-ye Nowhere") is None
    assert fake_server.hits == 0


def test_online_fallback_answers_and_caches(fake_server, tmp_path):
    g = _online(fake_server, tmp_path)
    loc = g.geocode("Qarya-ye Nowhere")
    assert loc.raw["province"] == "Kabul" and loc.raw["country"] == "AF"
    assert fake_server.hits == 1
    # a new geocoder on the same cache file does not call the server again
    again = _online(fake_server, tmp_path).geocode("Qarya-ye Nowhere")
    assert again.raw["province"] == "Kabul" and fake_server.hits == 1
    # names the gazetteer knows never go online
    assert g.geocode("Herat city").raw["district"] == "Hirat" and fake_server.hits == 1


def test_online_retries_after_429(fake_server, tmp_path):
    fake_server.script = ["429", "429", "ok"]
    loc = _online(fake_server, tmp_path).geocode("Qarya-ye Elsewhere")
    assert loc is not None and fake_server.hits == 3


@pytest.mark.parametrize("mode, kw", [("garbage", {}), ("slow", {"timeout": 0.1})])
def test_online_failure_leaves_the_place_unresolved_with_one_warning(fake_server, tmp_path, mode, kw):
    fake_server.script = [mode]
    g = _online(fake_server, tmp_path, max_retries=2, **kw)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        assert g.geocode("Qarya-ye Broken") is None
        assert g.geocode("Qarya-ye Broken") is None  # a second call retries but does not warn again
    # 3 tries per call, twice (the HTTP adapter may itself retry a read time-out)
    assert fake_server.hits == 6 if mode == "garbage" else fake_server.hits >= 6
    msgs = [str(x.message) for x in w if "online geocoder" in str(x.message)]
    assert len(msgs) == 1 and "Qarya-ye Broken" in msgs[0]


def test_unknown_online_service_is_a_geocoder_error():
    with pytest.raises(GeocoderError, match="no-such-service"):
        GazetteerGeocoder(fallback="no-such-service")
