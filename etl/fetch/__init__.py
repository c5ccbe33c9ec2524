"""Downloading from SIPRI: the polite client, API requests, answer checks, the raw store."""
