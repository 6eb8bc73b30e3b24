dofile("bench/lua/common.lua")
request = function()
  return wrk.format("GET", "/api/v1/crm/opportunity_pipelines/" .. pipeline .. "/summary")
end
