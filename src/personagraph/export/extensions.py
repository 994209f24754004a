"""The function-specific attributes, declared per business function.

A persona's ``function_attributes`` is a JSON document in the graph (Neo4j
properties cannot hold maps). The relational export spreads it into one typed table
per function, ``persona_<function>_attributes``, as the source's normalized schema
does. The columns are declared here; an attribute the catalog grows without a
declaration stays in ``personas.function_attributes`` and a unit test fails until it
is declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from personagraph.model.ontology import Kind, Property

__all__ = ["EXTENSIONS", "Extension", "extension"]


@dataclass(frozen=True)
class Extension:
    """The declared attributes of one business function (its ``Function.key``)."""

    function: str
    attributes: tuple[Property, ...]


S, INT, L, B, SL = Kind.STRING, Kind.INT, Kind.LONG, Kind.BOOLEAN, Kind.STRING_LIST


def _a(name: str, kind: Kind, description: str) -> Property:
    return Property(name, kind, description)


EXTENSIONS: Final[tuple[Extension, ...]] = (
    Extension(
        "MEDICAL_AFFAIRS",
        (
            _a("therapeutic_areas", SL, "Therapeutic areas covered."),
            _a("region", S, "Region."),
            _a("compliance_framework", S, "Compliance framework followed."),
            _a("kol_count", INT, "Key opinion leaders engaged."),
            _a("msl_team_size", INT, "Medical science liaisons in the team."),
            _a("inquiries_per_month", INT, "Medical information inquiries per month."),
            _a("publications_per_year", INT, "Publications per year."),
            _a("hta_submissions_per_year", INT, "HTA submissions per year."),
            _a("systems_owned", INT, "Systems owned."),
        ),
    ),
    Extension(
        "SALES",
        (
            _a("crm", S, "CRM system."),
            _a("segment", S, "Customer segment."),
            _a("region", S, "Region."),
            _a("quota_usd", L, "Annual quota, USD."),
            _a("sales_cycle_days", INT, "Typical sales cycle, days."),
            _a("accounts_managed", INT, "Accounts managed."),
            _a("meetings_target_per_month", INT, "Meetings targeted per month."),
            _a("sellers_supported", INT, "Sellers supported."),
            _a("reports_maintained", INT, "Reports maintained."),
        ),
    ),
    Extension(
        "FINANCE",
        (
            _a("erp_system", S, "ERP system."),
            _a("reporting_standard", S, "Reporting standard (e.g. IFRS)."),
            _a("close_cycle_days", INT, "Days to close the books."),
            _a("invoices_per_month", INT, "Invoices per month."),
            _a("business_units_supported", INT, "Business units supported."),
            _a("legal_entities", INT, "Legal entities."),
            _a("cost_centres_covered", INT, "Cost centres covered."),
            _a("jurisdictions", INT, "Tax jurisdictions."),
            _a("bank_accounts", INT, "Bank accounts."),
        ),
    ),
    Extension(
        "MARKETING",
        (
            _a("channels", SL, "Channels run."),
            _a("martech_stack", SL, "Marketing technology used."),
            _a("annual_campaigns", INT, "Campaigns per year."),
            _a("pieces_per_month", INT, "Content pieces per month."),
            _a("studies_per_year", INT, "Market studies per year."),
            _a("tools_managed", INT, "Tools managed."),
        ),
    ),
    Extension(
        "ENGINEERING",
        (
            _a("cloud_provider", S, "Cloud provider."),
            _a("primary_languages", SL, "Main programming languages."),
            _a("on_call", B, "Takes part in an on-call rota."),
            _a("deploys_per_week", INT, "Deploys per week."),
            _a("services_owned", INT, "Services owned."),
            _a("pipelines_owned", INT, "Pipelines owned."),
            _a("test_cases_owned", INT, "Test cases owned."),
            _a("teams_managed", INT, "Teams managed."),
        ),
    ),
    Extension(
        "HUMAN_RESOURCES",
        (
            _a("hris_system", S, "HR information system."),
            _a("regions", SL, "Regions covered."),
            _a("employee_population", INT, "Employees supported."),
            _a("open_requisitions", INT, "Open requisitions."),
            _a("tickets_per_month", INT, "HR tickets per month."),
            _a("programmes_run", INT, "Programmes run."),
            _a("salary_surveys", INT, "Salary surveys run."),
        ),
    ),
)

_BY_FUNCTION: Final = {e.function: e for e in EXTENSIONS}


def extension(function: str) -> Extension | None:
    """The declared attributes of ``function``, or None when it has no extension table."""
    return _BY_FUNCTION.get(function)
