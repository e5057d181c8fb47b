// The OpenAPI viewer (Swagger UI from npm, served by the service): no inline script, so the page's
// Content-Security-Policy holds, and nothing is fetched from outside the service.
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.openapi,
    domNode: root,
    deepLinking: true,
    validatorUrl: null,
  });
})();
