# Topicdesk's edge: Varnish 7 with xkey (Debian: varnish, varnish-modules).
#
# - Round-robin over the app nodes, each probed at /healthz/live (the database only:
#   a Redis restart must not take every node out). A fetch that fails is retried on
#   the other node (not the round robin's next, which under load can be the dead one
#   again before its probe fails), so a node that dies costs readers nothing. With
#   more nodes, add each to `nodes` and give it an `elsif` in vcl_backend_fetch.
# - Responses are kept as the app says (s-maxage, hours), and purged exactly:
#   `PURGE /` with `xkey-purge: td-page-1 td-listings` from an address in `purgers`
#   drops every object carrying one of those keys (api/edge/backends.py).
# - Signed-in editors (a session cookie), the admin, previews, the review queue and
#   the health endpoints pass straight through; readers' cookies are dropped.
# - The surrogate-key headers are for the edge only and are removed from responses.
#
# The test in tests/topology/ runs this file, with its own ports in place of 8001/8002.
vcl 4.1;

import directors;
import xkey;

probe healthz {
    .url = "/healthz/live";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app nodes and workers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new nodes = directors.round_robin();
    nodes.add_backend(app1);
    nodes.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = nodes.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed to purge"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys to purge in xkey-purge"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|healthz|documents)(/|$)"
        || req.url ~ "^/api/v1/(preview|review-queue)/") {
        return (pass);
    }
    if (req.url ~ "^/api/") {
        unset req.http.Cookie;
        return (hash);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_fetch {
    # A retry goes to another node than the one that just failed.
    if (bereq.http.X-Failed-Node == "app1") {
        set bereq.backend = app2;
    } elsif (bereq.http.X-Failed-Node == "app2") {
        set bereq.backend = app1;
    }
    unset bereq.http.X-Failed-Node;
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.retries < 2) {
        set bereq.http.X-Failed-Node = beresp.backend.name;
        return (retry);
    }
    # Kept past its lifetime, for stale-if-error while every node is away.
    set beresp.keep = 1d;
}

sub vcl_backend_error {
    if (bereq.retries < 2) {
        set bereq.http.X-Failed-Node = beresp.backend.name;
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
}
