"""ops/: the alert rules pass Prometheus's own checks, and the dashboard and the rules
name only metrics a real service exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from personagraph.api.api_keys import create_key
from personagraph.api.app import create_app
from personagraph.api.graphql.runtime.context import Role
from personagraph.neo4j_local.provision import Provisioned
from personagraph.seeding import pipeline
from personagraph.settings import Settings
from personagraph.store import Store
from tests.integration.live_service import serving

OPS = Path(__file__).resolve().parents[2] / "ops"
RULES = OPS / "prometheus" / "alerts.yml"
DASHBOARD = OPS / "grafana" / "personagraph.json"
MINIMAL = Path(__file__).resolve().parents[1] / "catalogs" / "minimal"
METRIC = re.compile(r"\bpersonagraph_[a-z0-9_]+")
PROMTOOL = shutil.which("promtool")


def promtool(*arguments: str) -> subprocess.CompletedProcess[str]:
    if PROMTOOL is None:
        pytest.fail("promtool is missing: run scripts/install (Debian's prometheus package)")
    return subprocess.run(
        [PROMTOOL, *arguments], cwd=RULES.parent, capture_output=True, text=True, timeout=120
    )


def test_promtool_accepts_the_alert_rules() -> None:
    checked = promtool("check", "rules", RULES.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 9 rules found" in checked.stdout


def test_the_alert_rules_pass_their_unit_tests() -> None:
    tested = promtool("test", "rules", "alerts_test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def exported_names(exposition: str) -> set[str]:
    """Every series name a scrape of ``exposition`` can hold, sampled yet or not."""
    names: set[str] = set()
    for family in text_string_to_metric_families(exposition):
        names.add(family.name)
        if family.type == "counter":
            names.add(family.name + "_total")
        if family.type == "histogram":
            names.update(family.name + suffix for suffix in ("_bucket", "_sum", "_count"))
        names.update(sample.name for sample in family.samples)
    return names


def dashboard_expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def rule_expressions() -> list[str]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def test_the_dashboard_and_the_rules_use_only_metrics_the_service_exports(
    neo4j_server: Provisioned, store: Store
) -> None:
    pipeline.load(store, pipeline.prepare(MINIMAL))
    key = create_key(store, "ops reader", Role.READER).secret
    with serving(create_app(neo4j_server.spec, Settings())) as base:
        # One read by key, so the serving cache has checked its sequence once.
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": '{ persona(id: "sales-development-representative-skeptic") { id } }'},
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        ).json()
        assert not answer.get("errors"), answer
        exposition = httpx.get(f"{base}/metrics", timeout=30).text
    exported = exported_names(exposition)

    for source, expressions in (
        ("dashboard", dashboard_expressions()),
        ("rules", rule_expressions()),
    ):
        used = {name for expr in expressions for name in METRIC.findall(expr)}
        assert used, source
        assert sorted(used - exported) == [], f"{source} names metrics /metrics does not export"
