-- wrong return type
return { code = "T" }
