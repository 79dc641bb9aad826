"""Examples for integrators (each file runs on its own as well)."""
