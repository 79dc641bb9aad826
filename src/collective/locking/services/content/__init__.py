"""Content PATCH and DELETE that ask the lock model first."""
