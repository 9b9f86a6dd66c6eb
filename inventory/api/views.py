"""REST views (adapters: parse, call one domain function, render)."""
