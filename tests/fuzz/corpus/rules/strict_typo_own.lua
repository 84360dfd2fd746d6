threshold = 10
return treshold + 1
