-- wrk script: GET /api/fund/holdings at a random date from 2026-01-01 to 2190-12-28 (after the last valuation), one
-- new date per request. The key header comes from wrk's -H.
math.randomseed(os.time())
request = function()
  local path = string.format("/api/fund/holdings?asOf=%04d-%02d-%02d", math.random(2026, 2190), math.random(1, 12), math.random(1, 28))
  return wrk.format("GET", path)
end
