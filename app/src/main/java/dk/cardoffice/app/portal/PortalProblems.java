package dk.cardoffice.app.portal;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dk.cardoffice.ledger.portal.PortalRefusal;

/**
 * RFC 9457 problem documents for the portal API, with {@code errors}: the list of fields that were
 * wrong and why, so the portal can show each message next to its field.
 */
@RestControllerAdvice(basePackageClasses = PortalProblems.class)
public class PortalProblems {

    public HttpStatus statusOf(PortalRefusal refusal) {
        return refusal.kind() == PortalRefusal.Kind.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT;
    }

    public ProblemDetail problemOf(PortalRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusOf(refusal), refusal.getMessage());
        problem.setTitle(refusal.kind() == PortalRefusal.Kind.NOT_FOUND ? "Not found" : "Refused");
        problem.setProperty("errors", errors(refusal.problems()));
        return problem;
    }

    @ExceptionHandler(PortalRefusal.class)
    ProblemDetail refused(PortalRefusal refusal) {
        return problemOf(refusal);
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalid(InvalidRequest invalid) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the request has " + invalid.problems().size()
                + " invalid field(s)");
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors(invalid.problems()));
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not the JSON object this call takes");
        problem.setTitle("Invalid request");
        return problem;
    }

    @ExceptionHandler(IdempotentCalls.PortalConflict.class)
    ProblemDetail conflict(IdempotentCalls.PortalConflict conflict) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, conflict.getMessage());
        problem.setTitle("Id used for another request");
        return problem;
    }

    private static List<Map<String, String>> errors(List<PortalRefusal.FieldProblem> problems) {
        return problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList();
    }

    /** Request fields that are missing or malformed (400). */
    public static class InvalidRequest extends RuntimeException {
        private final List<PortalRefusal.FieldProblem> problems;

        public InvalidRequest(List<PortalRefusal.FieldProblem> problems) {
            super(problems.toString());
            this.problems = problems;
        }

        public List<PortalRefusal.FieldProblem> problems() {
            return problems;
        }
    }
}
