"""ETL for the SIPRI Arms Transfers Database: export files in, validated Parquet tables out."""

__version__ = "0.1.0"
