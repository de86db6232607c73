package dk.cardoffice.app.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dk.cardoffice.batch.launch.JobLaunchRefused;

/** RFC 9457 problem documents for what the operations API refuses. */
@RestControllerAdvice(assignableTypes = {OperationsController.class, EnrolmentHoldsController.class, WithdrawalOperationsController.class,
        SalesOperationsController.class})
public class OperationsProblems {

    @ExceptionHandler(JobLaunchRefused.class)
    ProblemDetail refused(JobLaunchRefused refused) {
        HttpStatus status = switch (refused.reason()) {
            case UNKNOWN_JOB, NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID_PARAMETERS -> HttpStatus.BAD_REQUEST;
            case ALREADY_COMPLETE, ALREADY_RUNNING, NOT_ALLOWED -> HttpStatus.CONFLICT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.getMessage());
        problem.setTitle("Not done");
        problem.setProperty("reason", refused.reason().name());
        return problem;
    }

    @ExceptionHandler(dk.cardoffice.ledger.portal.PortalRefusal.class)
    ProblemDetail refusedWrite(dk.cardoffice.ledger.portal.PortalRefusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.kind() == dk.cardoffice.ledger.portal.PortalRefusal.Kind.NOT_FOUND
                ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT, refusal.getMessage());
        problem.setTitle("Refused");
        return problem;
    }

    @ExceptionHandler(OperationsController.NoSuchExecution.class)
    ProblemDetail noSuchExecution(OperationsController.NoSuchExecution missing) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, missing.getMessage());
        problem.setTitle("No such job execution");
        return problem;
    }
}
