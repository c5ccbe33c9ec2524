"""The Dash dashboard over a build of SIPRI tables: pages, their rooms, and serving."""
