"""OpenAPI 3 description of the read-only JSON API, served at /api/openapi.json.

The parameters of the lists are those of their FilterSets (catalogue/pages/filters.py),
described from the form fields that validate them: choices, lengths and patterns are
stated there only.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django_filters import Filter, FilterSet

from catalogue.hscodes import PRINTED_CODE
from catalogue.pages.filters import CategoryFilter, ExporterFilter
from catalogue.pages.listing import PER_PAGE
from catalogue.search import MAX_QUERY
from catalogue.search.completions import LIMIT as COMPLETIONS
from catalogue.suggest.service import MAX_SUGGEST_QUERY

MAX_LIMIT = 20  # HS suggestions a request may ask for


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PAGE = _query("page", f"Page number; {PER_PAGE} results a page.", {"type": "integer", "minimum": 1})
NULLABLE_STRING = {"type": "string", "nullable": True}
NO_NUL = "^[^\\x00]*$"  # text fields refuse NUL characters
# ...and drop other control characters: a query needs something else than those and spaces.
SOMETHING_TO_LOOK_UP = "^[^\\x00]*[^\\s\\x00-\\x1f\\x7f-\\x9f\\ufffe\\uffff][^\\x00]*$"
ERROR = {"$ref": "#/components/schemas/Error"}


def _responses(ok: dict, *errors: int) -> dict:
    descriptions = {400: "Invalid parameters", 404: "Not found"}
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": ok}}}}
    for status in errors:
        responses[str(status)] = {
            "description": descriptions[status],
            "content": {"application/json": {"schema": ERROR}},
        }
    return responses


def _page_of(item: str) -> dict:
    return {
        "type": "object",
        "required": ["count", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "next": {**NULLABLE_STRING, "format": "uri"},
            "previous": {**NULLABLE_STRING, "format": "uri"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


# What a search understood of q (absent without q): catalogue/pages/understood.py.
UNDERSTOOD = {
    "type": "object",
    "required": ["product", "facts", "readings", "corrections", "found"],
    "properties": {
        "product": {"type": "string", "description": "The product words of q."},
        "facts": {
            "type": "array",
            "description": "Sizes, quantities, grades, packaging, places read from q.",
            "items": {
                "type": "object",
                "required": ["kind", "label"],
                "properties": {"kind": {"type": "string"}, "label": {"type": "string"}},
            },
        },
        "readings": {
            "type": "array",
            "description": "Trade words read through the glossary: 'AGO (automotive gas "
            "oil, HS 2710.19)'.",
            "items": {"type": "string"},
        },
        "corrections": {
            "type": "object",
            "description": "Misspelt words of q, and the words they were read as.",
            "additionalProperties": {"type": "string"},
        },
        "found": {
            "type": "boolean",
            "description": "False: no category is the product asked for (none offers it).",
        },
    },
}


def _category_page() -> dict:
    page = _page_of("Category")
    page["properties"]["understood"] = UNDERSTOOD
    return page


_CATEGORY_PAGE = _category_page()


def filter_parameters(filterset: type[FilterSet], descriptions: dict[str, str]) -> list[dict]:
    """The query parameters of a FilterSet, one a filter, as its form fields accept them."""
    if set(descriptions) != set(filterset.base_filters):
        raise ValueError(f"Describe each filter of {filterset.__name__}, and only those.")
    return [
        _query(name, descriptions[name], _schema(f)) for name, f in filterset.base_filters.items()
    ]


def _schema(filter_: Filter) -> dict:
    # An empty value, as an HTML form sends for a filter left unset, means no filter.
    field = filter_.field_class(**filter_.extra)  # not .field, which the filter would keep
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": ["", *(str(v) for v, _ in field.choices if v != "")]}
    if isinstance(field, forms.CharField):
        schema = {"type": "string", "pattern": NO_NUL}  # CharField refuses NUL characters
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        for validator in field.validators:
            if isinstance(validator, RegexValidator):
                # Validators never see an empty value: it passes whatever the pattern.
                anchored = validator.regex.pattern
                schema["pattern"] = f"^({anchored.removeprefix('^').removesuffix('$')})?$"
        return schema
    raise TypeError(f"No OpenAPI schema for a {type(field).__name__} yet.")


CATEGORY_FILTERS = [
    *filter_parameters(CategoryFilter, {
        "q": "Words, trade terms or an HS/TN VED code: 'AGO', 'iron rods', '7214.20'.",
        "sector": "A sector's slug (sector_slug of a category), e.g. oil-and-gas; other: "
        "products no sector covers.",
        "chapter": "HS chapter, two digits.",
        "region": "Exporter's region in Kazakhstan.",
        "certification": "A certification an exporter holds, e.g. halal.",
        "incoterm": "An Incoterms rule an exporter offers.",
        "offered": "true: only categories with an active exporter.",
        "importable": "true: only categories none of whose codes an active prohibition of Nigeria covers.",
        "sort": "Order of results: relevance (the default; by name without q), name or HS code.",
    }),
    PAGE,
]  # fmt: skip
EXPORTER_FILTERS = [
    *filter_parameters(ExporterFilter, {"region": "Region in Kazakhstan; empty for all."}),
    PAGE,
]  # fmt: skip


def openapi_document(server: str) -> dict:
    # 0402, 040221, 0402.21, or a TN VED or ECOWAS code read as its HS6.
    code = {"type": "string", "pattern": f"^(?:{PRINTED_CODE})$"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kazakhstan → Nigeria export catalogue",
            "version": "1.0",
            "description": "Read-only: product categories Kazakhstan exports, its exporters, HS codes.",
        },
        "servers": [{"url": server.rstrip("/")}],
        "paths": {
            "/categories/": {
                "get": {
                    "summary": "Search and filter product categories",
                    "operationId": "listCategories",
                    "parameters": CATEGORY_FILTERS,
                    "responses": _responses(_CATEGORY_PAGE, 400, 404),
                }
            },
            "/categories/{slug}/": {
                "get": {
                    "summary": "One product category with its HS codes and offers",
                    "operationId": "getCategory",
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}}
                    ],
                    "responses": _responses({"$ref": "#/components/schemas/CategoryDetail"}, 404),
                }
            },
            "/exporters/": {
                "get": {
                    "summary": "Kazakh exporters",
                    "operationId": "listExporters",
                    "parameters": EXPORTER_FILTERS,
                    "responses": _responses(_page_of("Exporter"), 400, 404),
                }
            },
            "/hs/suggest/": {
                "get": {
                    "summary": "Suggest HS codes for free text",
                    "operationId": "suggestHs",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": MAX_SUGGEST_QUERY, "pattern": SOMETHING_TO_LOOK_UP}},
                        _query("limit", "At most this many results.", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
                    ],
                    "responses": _responses({"$ref": "#/components/schemas/Suggestions"}, 400),
                }
            },
            "/complete/": {
                "get": {
                    "summary": "What the search box offers as a buyer types",
                    "description": "Categories and trade words with a word that starts as q does; nothing for fewer than two letters.",
                    "operationId": "complete",
                    "parameters": [
                        {"name": "q", "in": "query", "required": True, "description": "The text typed so far: 'whe', 'AGO'.", "schema": {"type": "string", "maxLength": MAX_QUERY, "pattern": NO_NUL}},
                        _query("lang", "Language of the names and links; empty for English.", {"type": "string", "enum": ["", *(code for code, _ in settings.LANGUAGES)]}),
                    ],
                    "responses": _responses({"$ref": "#/components/schemas/Completions"}, 400),
                }
            },
            "/import-rules/": {
                "get": {
                    "summary": "Nigeria's active import rules, each with its source",
                    "description": "Prohibitions for trade (with their conditions) and documents or permits an import needs, as trade officials keep them. A rule awaiting an official's HS range has hs_from null and covers no code.",
                    "operationId": "listImportRules",
                    "parameters": [
                        _query("code", "Only the rules on this HS code (2 to 10 digits, as printed); for a chapter or heading, on any of its subheadings.", {"type": "string", "pattern": f"^(?:{PRINTED_CODE})?$"}),
                    ],
                    "responses": _responses({"$ref": "#/components/schemas/ImportRules"}, 400),
                }
            },
            "/hs/{code}/": {
                "get": {
                    "summary": "An HS code with its parents and children",
                    "operationId": "getHsCode",
                    "parameters": [{"name": "code", "in": "path", "required": True, "schema": code}],
                    "responses": _responses({"$ref": "#/components/schemas/HSCodeDetail"}, 400, 404),
                }
            },
        },
        "components": {"schemas": _schemas()},
    }  # fmt: skip


RULES = {"type": "array", "items": {"$ref": "#/components/schemas/ImportRule"}}
MARKET_ACCESS = {
    "type": "object",
    "description": "What Nigeria's active import rules say of the codes.",
    "required": ["status", "prohibitions", "requirements"],
    "properties": {
        "status": {
            "type": "string",
            "enum": ["importable", "conditions", "prohibited"],
            "description": "prohibited: a prohibition for trade applies; conditions: only "
            "prohibitions with conditions (retail packs only...) apply; importable: none.",
        },
        "prohibitions": RULES,
        "requirements": RULES,
    },
}
IMPORT_RULE = {
    "type": "object",
    "required": [
        "id", "kind", "goods", "hs_from", "hs_to", "excluding", "conditions", "source",
        "checked_on",
    ],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": ["prohibited", "requirement"]},
        "goods": {"type": "string", "description": "As the source names them."},
        "hs_from": {**NULLABLE_STRING, "description": "First HS6 code of the range."},
        "hs_to": {**NULLABLE_STRING, "description": "Last HS6 code of the range."},
        "excluding": {"type": "array", "items": {"type": "string"}},
        "conditions": {"type": "string"},
        "source": {
            "type": "object",
            "required": ["title", "url", "date"],
            "properties": {
                "title": {"type": "string"},
                "url": {**NULLABLE_STRING, "format": "uri"},
                "date": {"type": "string", "format": "date"},
            },
        },
        "checked_on": {**NULLABLE_STRING, "format": "date"},
    },
}  # fmt: skip


def _schemas() -> dict:
    hs = {
        "type": "object",
        "required": ["code", "level", "description", "description_ru"],
        "properties": {
            "code": {"type": "string"},
            "level": {"type": "integer", "enum": [2, 4, 6]},
            "description": {"type": "string", "description": "English (HS 2022)."},
            "description_ru": {
                **NULLABLE_STRING,
                "description": "Russian (TN VED EAEU, or the catalogue's own translation); "
                "null for most subheadings.",
            },
        },
    }
    category = {
        "type": "object",
        "required": [
            "id",
            "slug",
            "name",
            "name_ru",
            "hs_codes",
            "sector",
            "sector_ru",
            "sector_slug",
            "exporters",
            "market_access",
            "url",
        ],
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "name_ru": {"type": "string"},
            "hs_codes": {"type": "array", "items": {"type": "string"}},
            "sector": {**NULLABLE_STRING, "description": "The curated sector, in English."},
            "sector_ru": {**NULLABLE_STRING, "description": "The sector in Russian."},
            "sector_slug": {**NULLABLE_STRING, "description": "What the sector filter takes."},
            "exporters": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "region"],
                    "properties": {"name": {"type": "string"}, "region": NULLABLE_STRING},
                },
            },
            "market_access": {"$ref": "#/components/schemas/MarketAccess"},
            "url": {"type": "string", "format": "uri"},
        },
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"type": "string"}},
        },
        "Category": category,
        "ImportRule": IMPORT_RULE,
        "ImportRules": {
            "type": "object",
            "required": ["results"],
            "properties": {
                "results": {"type": "array", "items": {"$ref": "#/components/schemas/ImportRule"}}
            },
        },
        "MarketAccess": MARKET_ACCESS,
        "CategoryDetail": {
            "allOf": [
                {"$ref": "#/components/schemas/Category"},
                {
                    "type": "object",
                    "required": ["description", "codes", "offers"],
                    "properties": {
                        "description": {"type": "string"},
                        "codes": {"type": "array", "items": {"type": "object"}},
                        "offers": {"type": "array", "items": {"type": "object"}},
                    },
                },
            ]
        },
        "Exporter": {
            "type": "object",
            "required": ["id", "slug", "name", "region", "certifications", "products", "url"],
            "properties": {
                "id": {"type": "integer"},
                "slug": {"type": "string"},
                "name": {"type": "string"},
                "region": NULLABLE_STRING,
                "certifications": {"type": "array", "items": {"type": "string"}},
                "products": {"type": "integer", "minimum": 0},
                "url": {"type": "string", "format": "uri"},
            },
        },
        "Suggestions": {
            "type": "object",
            "required": ["query", "results"],
            "properties": {
                "query": {"type": "string"},
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "code",
                            "level",
                            "description",
                            "description_ru",
                            "score",
                            "reason",
                        ],
                        "properties": {
                            **hs["properties"],
                            "score": {"type": "number", "minimum": 0, "maximum": 1},
                            "reason": {"type": "string"},
                            "heading": {"type": "object", "nullable": True},
                        },
                    },
                },
            },
        },
        "Completions": {
            "type": "object",
            "required": ["query", "results"],
            "properties": {
                "query": {"type": "string"},
                "results": {
                    "type": "array",
                    "maxItems": COMPLETIONS,
                    "items": {
                        "type": "object",
                        "required": ["kind", "label", "detail", "url"],
                        "properties": {
                            "kind": {
                                "type": "string",
                                "enum": ["category", "term"],
                                "description": "category: url is its page; term (a trade word): url searches for it.",
                            },
                            "label": {"type": "string"},
                            "detail": {
                                "type": "string",
                                "description": "A category's other name when that matched; what a trade word means.",
                            },
                            "url": {"type": "string", "format": "uri"},
                        },
                    },
                },
            },
        },
        "HSCodeDetail": {
            "type": "object",
            "required": ["code", "level", "description", "section", "parents", "children"],
            "properties": {
                **hs["properties"],
                "section": {"type": "object"},
                "market_access": {
                    "description": "What Nigeria's rules say of the code; of a chapter or heading, what they say of any of its subheadings.",
                    "allOf": [{"$ref": "#/components/schemas/MarketAccess"}],
                },
                "parents": {"type": "array", "items": hs},
                "children": {"type": "array", "items": hs},
            },
        },
    }
