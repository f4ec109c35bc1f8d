"""Stage ladder, service registry, runtime state of services, and the product owners' controls."""
