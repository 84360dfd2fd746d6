-- string.rep with a huge count.
-- expect: 3: memory limit (64 MiB) exceeded
return string.rep("x", 1 << 40)
