package dk.cardoffice.app.portal;

import java.net.URI;
import java.util.regex.Pattern;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Spring MVC fills a problem document's {@code instance} with the request path, and two portal paths
 * carry the guardian's CPR number ({@code /guardians/{guardianCpr}/…}, as the contract has it). Every
 * problem document, the framework's own (405, 415, …) included, leaves with that number masked
 * ({@code DDMMYY-xxxx}), as in every other answer.
 */
@RestControllerAdvice
public class CprMaskedProblems implements ResponseBodyAdvice<Object> {

    /** A path segment of ten digits, with or without the hyphen: a CPR number (account and card numbers have 8). */
    private static final Pattern CPR_SEGMENT = Pattern.compile("(?<=/)(\\d{6})-?\\d{4}(?=/|$)");

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && problem.getInstance() != null) {
            problem.setInstance(URI.create(masked(problem.getInstance().getRawPath())));
        }
        return body;
    }

    static String masked(String path) {
        return CPR_SEGMENT.matcher(path).replaceAll("$1-xxxx");
    }
}
