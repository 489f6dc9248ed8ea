"""Dashboards of a place for the officers who follow it."""
