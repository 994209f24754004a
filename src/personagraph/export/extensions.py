"""The function-specific attributes, declared per business function.

A persona's ``function_attributes`` is a JSON document in the graph (Neo4j
properties cannot hold maps). The relational export spreads it into one typed table
per function, ``persona_<function>_attributes``, as the source's normalized schema
does. The columns are declared here; an attribute the catalog grows without a
declaration stays in ``personas.function_attributes`` and a unit test fails until it
is declared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from personagraph.model.ontology import Kind, Property

__all__ = ["EXTENSIONS", "Extension", "extension"]


@dataclass(frozen=True)
class Extension:
    """The declared attributes of one business function (its ``Function.key``)."""

    function: str
    attributes: tuple[Property, ...]

    @classmethod
    def declared(cls, function: str, columns: Mapping[str, tuple[Kind, str]]) -> Extension:
        """The extension of ``function`` from its columns: name -> (kind, what it means)."""
        return cls(function, tuple(Property(n, k, d) for n, (k, d) in columns.items()))


EXTENSIONS: Final[tuple[Extension, ...]] = (
    Extension.declared(
        "MEDICAL_AFFAIRS",
        {
            "therapeutic_areas": (Kind.STRING_LIST, "Therapeutic areas covered."),
            "region": (Kind.STRING, "Region."),
            "compliance_framework": (Kind.STRING, "Compliance framework followed."),
            "kol_count": (Kind.INT, "Key opinion leaders engaged."),
            "msl_team_size": (Kind.INT, "Medical science liaisons in the team."),
            "inquiries_per_month": (Kind.INT, "Medical information inquiries per month."),
            "publications_per_year": (Kind.INT, "Publications per year."),
            "hta_submissions_per_year": (Kind.INT, "HTA submissions per year."),
            "systems_owned": (Kind.INT, "Systems owned."),
        },
    ),
    Extension.declared(
        "SALES",
        {
            "crm": (Kind.STRING, "CRM system."),
            "segment": (Kind.STRING, "Customer segment."),
            "region": (Kind.STRING, "Region."),
            "quota_usd": (Kind.LONG, "Annual quota, USD."),
            "sales_cycle_days": (Kind.INT, "Typical sales cycle, days."),
            "accounts_managed": (Kind.INT, "Accounts managed."),
            "meetings_target_per_month": (Kind.INT, "Meetings targeted per month."),
            "sellers_supported": (Kind.INT, "Sellers supported."),
            "reports_maintained": (Kind.INT, "Reports maintained."),
        },
    ),
    Extension.declared(
        "FINANCE",
        {
            "erp_system": (Kind.STRING, "ERP system."),
            "reporting_standard": (Kind.STRING, "Reporting standard (e.g. IFRS)."),
            "close_cycle_days": (Kind.INT, "Days to close the books."),
            "invoices_per_month": (Kind.INT, "Invoices per month."),
            "business_units_supported": (Kind.INT, "Business units supported."),
            "legal_entities": (Kind.INT, "Legal entities."),
            "cost_centres_covered": (Kind.INT, "Cost centres covered."),
            "jurisdictions": (Kind.INT, "Tax jurisdictions."),
            "bank_accounts": (Kind.INT, "Bank accounts."),
        },
    ),
    Extension.declared(
        "MARKETING",
        {
            "channels": (Kind.STRING_LIST, "Channels run."),
            "martech_stack": (Kind.STRING_LIST, "Marketing technology used."),
            "annual_campaigns": (Kind.INT, "Campaigns per year."),
            "pieces_per_month": (Kind.INT, "Content pieces per month."),
            "studies_per_year": (Kind.INT, "Market studies per year."),
            "tools_managed": (Kind.INT, "Tools managed."),
        },
    ),
    Extension.declared(
        "ENGINEERING",
        {
            "cloud_provider": (Kind.STRING, "Cloud provider."),
            "primary_languages": (Kind.STRING_LIST, "Main programming languages."),
            "on_call": (Kind.BOOLEAN, "Takes part in an on-call rota."),
            "deploys_per_week": (Kind.INT, "Deploys per week."),
            "services_owned": (Kind.INT, "Services owned."),
            "pipelines_owned": (Kind.INT, "Pipelines owned."),
            "test_cases_owned": (Kind.INT, "Test cases owned."),
            "teams_managed": (Kind.INT, "Teams managed."),
        },
    ),
    Extension.declared(
        "HUMAN_RESOURCES",
        {
            "hris_system": (Kind.STRING, "HR information system."),
            "regions": (Kind.STRING_LIST, "Regions covered."),
            "employee_population": (Kind.INT, "Employees supported."),
            "open_requisitions": (Kind.INT, "Open requisitions."),
            "tickets_per_month": (Kind.INT, "HR tickets per month."),
            "programmes_run": (Kind.INT, "Programmes run."),
            "salary_surveys": (Kind.INT, "Salary surveys run."),
        },
    ),
)

_BY_FUNCTION: Final = {e.function: e for e in EXTENSIONS}


def extension(function: str) -> Extension | None:
    """The declared attributes of ``function``, or None when it has no extension table."""
    return _BY_FUNCTION.get(function)
