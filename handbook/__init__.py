"""The handbook side: pages, question bank, MkDocs hooks and content checks (no Flask here)."""
