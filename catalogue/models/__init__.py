from catalogue.models.exporters import Certification, Exporter, Offer
from catalogue.models.hs import HSCode, HSSection, under_code
from catalogue.models.imports import ImportBatch, ImportedName, ImportIssue
from catalogue.models.products import CategoryCode, ProductCategory
from catalogue.models.search import SearchDocument
from catalogue.models.sectors import MAX_FEATURED, NO_SECTOR, Sector, SectorRange

__all__ = [
    "CategoryCode",
    "Certification",
    "Exporter",
    "HSCode",
    "HSSection",
    "ImportBatch",
    "ImportIssue",
    "ImportedName",
    "MAX_FEATURED",
    "NO_SECTOR",
    "Offer",
    "ProductCategory",
    "SearchDocument",
    "Sector",
    "SectorRange",
    "under_code",
]
