dofile("bench/lua/common.lua")
request = function()
  return wrk.format("GET", "/api/v1/crm/opportunities?pipeline_id=" .. pipeline .. "&limit=50&q=deal%20" .. math.random(1000))
end
