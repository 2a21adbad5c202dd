"""The record of every change: who, when, before, after."""
