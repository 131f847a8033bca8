"""Peer queue libraries for the side-by-side queue benchmark (see README.md)."""
