-- Reaching the registry.
-- expect: 3: debug.getregistry is not available in rule files
return debug.getregistry()
