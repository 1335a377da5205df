"""HS code suggestions from free text: English, Russian, Kazakh and Nigerian trade words."""
