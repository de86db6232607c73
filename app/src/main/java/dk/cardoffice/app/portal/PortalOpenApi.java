package dk.cardoffice.app.portal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/** The OpenAPI description of the portal API at /v3/api-docs (contract §7). */
@Configuration(proxyBeanMethods = false)
public class PortalOpenApi {

    @Bean
    OpenAPI portalApiDescription() {
        return new OpenAPI()
                .info(new Info().title("cardoffice portal API").version("v1")
                        .description("What the parents' portal calls (contract §7). Amounts are strings in DKK with two decimals."
                                + " Every write is idempotent on the caller's id; errors are RFC 9457 problem documents."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-Api-Key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
