-- wrk script: POST an RFC 7662 introspection request for the token given as the first argument, as the
-- resource server whose base64 Basic credentials are the second.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
function init(args)
  wrk.body = "token=" .. args[1]
  wrk.headers["Authorization"] = "Basic " .. args[2]
end
