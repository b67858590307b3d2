"""Health endpoints, on django-health-check's checks.

- ``/healthz``: the database and the shared cache, for a load balancer or a monitor.
- ``/healthz/live``: the database only, for the edge's probes. A node serves every
  page from the database while the cache is away (slower, but correct), so a Redis
  restart must not make the edge drop every node at once.

Each answers JSON, ``{"database": "OK", "cache": "<what failed>"}``: 200 when every check
passes, 503 when one fails. Never cached.
"""

import asyncio

from django.http import JsonResponse
from health_check.views import HealthCheckView


class Health(HealthCheckView):
    checks = ("health_check.checks.Database", "health_check.checks.Cache")

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        failed = any(result.error for result in self.results)
        return self.render_to_response_json(503 if failed else 200)

    def render_to_response_json(self, status):
        return JsonResponse(
            {
                type(result.check).__name__.lower(): str(result.error or "OK")
                for result in self.results
            },
            status=status,
        )


class Live(Health):
    checks = ("health_check.checks.Database",)
