"""The policy service (kiosk.services.policy) and its cache: the court's policy is fetched on the
network worker and kept on disk for offline use; `court_name_changed` is emitted only when a
refresh succeeded and the court's name changed; a failed refresh keeps the cached copy."""

from __future__ import annotations

from kiosk.policy import PolicyCache
from kiosk.services import policy as policy_module
from tests.services import fakes


def _service(config, cache, court):
    spec = policy_module.SERVICE
    service = spec.factory(fakes.make_deps(spec, config, court=court, policy=cache))
    return service, fakes.recorder(service.court_name_changed)


def test_a_new_court_name_is_announced_once_and_cached_on_disk(tmp_path, config, court):
    cache = fakes.policy_cache(tmp_path / "p", court_name="旧名称法院")
    service, changed = _service(config, cache, court)
    assert service.court_name == "旧名称法院"

    service.start()
    service.start()  # the same name again

    assert changed == [fakes.COURT_NAME]
    assert service.court_name == fakes.COURT_NAME
    assert court.methods() == ["get_policy", "get_policy"]
    assert PolicyCache(tmp_path / "p" / "policy.json").court_name("京0105") == fakes.COURT_NAME  # after a restart


def test_an_unchanged_name_is_not_announced(config, policy, court):
    service, changed = _service(config, policy, court)
    service.start()
    assert changed == [] and service.court_name == fakes.COURT_NAME


def test_the_court_out_of_reach_keeps_the_cached_policy(tmp_path, config, court):
    cache = fakes.policy_cache(tmp_path / "p", court_name="缓存中的法院")
    court.down = True
    service, changed = _service(config, cache, court)
    service.start()
    assert changed == []
    assert service.court_name == "缓存中的法院" and cache.court_name("京0105") == "缓存中的法院"
    assert cache.case_type_name("民初") == "民事一审"


def test_without_a_cached_policy_codes_stand_for_names_until_the_court_answers(tmp_path, config, court):
    cache = PolicyCache(tmp_path / "none" / "policy.json")
    (tmp_path / "none").mkdir()
    assert not cache.loaded
    assert cache.court_name("京0105") == "京0105" and cache.case_types() == [] and cache.fee_kind("民初") == "property"
    service, changed = _service(config, cache, court)
    service.start()
    assert changed == [fakes.COURT_NAME]
    assert cache.loaded and cache.fee_kind("民初-离婚") == "divorce"


def test_an_unreadable_cache_is_ignored(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text("{not json", encoding="utf-8")
    assert not PolicyCache(path).loaded
