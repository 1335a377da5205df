"""Enumerations shared by the catalogue and the matching app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    TONNE = "t", _("tonnes (t)")
    KILOGRAM = "kg", _("kilograms (kg)")
    BARREL = "bbl", _("barrels (bbl)")
    CUBIC_METRE = "m3", _("cubic metres (m³)")
    LITRE = "l", _("litres (l)")
    PIECE = "pcs", _("pieces (pcs)")
    CONTAINER = "containers", _("containers")


class Incoterm(models.TextChoices):
    EXW = "EXW", _("EXW – Ex Works")
    FCA = "FCA", _("FCA – Free Carrier")
    FAS = "FAS", _("FAS – Free Alongside Ship")
    FOB = "FOB", _("FOB – Free On Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")
    CPT = "CPT", _("CPT – Carriage Paid To")
    CIP = "CIP", _("CIP – Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP – Delivered At Place")
    DPU = "DPU", _("DPU – Delivered at Place Unloaded")
    DDP = "DDP", _("DDP – Delivered Duty Paid")


class KazakhRegion(models.TextChoices):
    ABAI = "abai", _("Abai Region")
    AKMOLA = "akmola", _("Akmola Region")
    AKTOBE = "aktobe", _("Aktobe Region")
    ALMATY_REGION = "almaty-region", _("Almaty Region")
    ATYRAU = "atyrau", _("Atyrau Region")
    EAST_KAZAKHSTAN = "east-kazakhstan", _("East Kazakhstan Region")
    JAMBYL = "jambyl", _("Jambyl Region")
    JETISU = "jetisu", _("Jetisu Region")
    KARAGANDA = "karaganda", _("Karaganda Region")
    KOSTANAY = "kostanay", _("Kostanay Region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda Region")
    MANGYSTAU = "mangystau", _("Mangystau Region")
    NORTH_KAZAKHSTAN = "north-kazakhstan", _("North Kazakhstan Region")
    PAVLODAR = "pavlodar", _("Pavlodar Region")
    TURKISTAN = "turkistan", _("Turkistan Region")
    ULYTAU = "ulytau", _("Ulytau Region")
    WEST_KAZAKHSTAN = "west-kazakhstan", _("West Kazakhstan Region")
    ASTANA = "astana", _("Astana")
    ALMATY = "almaty", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
