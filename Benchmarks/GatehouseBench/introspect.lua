-- wrk script: POST an RFC 7662 introspection request with the token given as the first argument.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
function init(args)
  wrk.body = "token=" .. args[1]
end
