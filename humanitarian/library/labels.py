"""Plain words for the catalogue's codes (topics, kinds, confidence), as a reader of the library sees them.

A code the catalogue gains later and this table does not yet know still reads
sensibly: its underscores become spaces.
"""

TOPIC_LABELS = {
    "ngo_activity": "Work of non-governmental organizations",
    "international_organizations": "International organizations and the UN",
    "food_agriculture": "Food and agriculture",
    "medicine_health": "Medicine and health care",
    "payments_banks": "Payments and banks",
    "remittances": "Personal remittances",
    "taxes_fees": "Taxes, fees and permits",
    "telecommunications": "Telecommunications and the internet",
    "travel_evacuation": "Travel and evacuation",
    "occupied_regions": "Occupied regions of Ukraine",
    "maritime": "Shipping and maritime",
}
KIND_LABELS = {
    "general_license": "General licence",
    "regulatory_exception": "Exception in the regulations",
    "statutory_exception": "Exception in the law itself",
    "specific_licence_ground": "Ground for a specific licence",
    "guidance": "Guidance",
}
CONFIDENCE_LABELS = {
    "confirmed": "Confirmed against the official text",
    "secondary": "From reliable secondary sources (law firm and NGO summaries quoting the text)",
    "unconfirmed": "Not confirmed in our sources",
}


def plain(code: str) -> str:
    return code.replace("_", " ").replace("-", " ").capitalize()


def topic_label(code: str) -> str:
    return TOPIC_LABELS.get(code, plain(code))


def kind_label(code: str) -> str:
    return KIND_LABELS.get(code, plain(code))


def confidence_label(code: str) -> str:
    return CONFIDENCE_LABELS.get(code, plain(code))
