"""The web application: thin views over the apps' services and selectors, htmx for interactions."""
