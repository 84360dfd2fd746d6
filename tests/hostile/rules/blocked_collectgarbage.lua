-- Driving the collector.
-- expect: 3: collectgarbage is not available in rule files
collectgarbage("stop")
