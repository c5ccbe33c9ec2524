"""Article events: curated, sourced, deal-linked annotations, and their extraction from text."""
