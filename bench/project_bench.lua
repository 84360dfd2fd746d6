-- bench/project_bench.lua — the Monte Carlo kernel of `chiso project` on the
-- synthetic table of bench/project_numpy.py (the same inputs, the same
-- computation): DRAWS draws of UNITS units × AREAS areas, normal noise per
-- (unit, area), totals rounded to 2 decimals, competition ranking, rank
-- histograms, P(rank <= 10), P(rank <= 30), P(score >= 82).
--
-- Usage: chiso run bench/project_bench.lua [DRAWS] [UNITS] [AREAS] [THREADS] [REPEAT]
-- Prints the best of REPEAT wall times of the draws (chiso.project's own
-- clock), then a line of results to compare with numpy's.
local draws = tonumber(arg[1] or 100000)
local U = tonumber(arg[2] or 63)
local A = tonumber(arg[3] or 8)
local threads = tonumber(arg[4] or 2)
local repeat_n = tonumber(arg[5] or 5)
local mean, sd = {}, {}
for u = 1, U do
  mean[u], sd[u] = {}, {}
  for a = 1, A do
    mean[u][a] = 10 + (u % 7) * 0.3 + a * 0.01
    sd[u][a] = 0.3 + (u % 5) * 0.05
  end
end
local best, r
for _ = 1, repeat_n do
  r = chiso.project { mean = mean, sd = sd, areas = A, draws = draws, seed = 7, threads = threads,
                      decimals = 2, threshold = 82, ranks = { 10, 30 } }
  if not best or r.seconds < best then best = r.seconds end
end
print(string.format("chiso: %d draws x %d units x %d areas in %.4f s (%d threads%s)", draws, U, A, best, r.threads,
  r.simd and ", AVX-512" or ""))
print(string.format("chiso: unit 1 median %d, 5-95%% %d-%d; unit %d P(score>=82) %.3f", r.units[1].median,
  r.units[1].p5, r.units[1].p95, U, r.units[U].above))
