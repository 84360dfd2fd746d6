string.upper = nil
