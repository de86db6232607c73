package dk.cardoffice.batch.mail;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;


/**
 * Sends the queued e-mail, a page at a time. Each message is marked delivered right after it is
 * sent; a crash in between leaves it pending, and the .eml sender does not write it twice.
 */
public class MailDelivery implements Tasklet {

    private static final int PAGE = 200;

    private final MailOutbox outbox;
    private final MailSender sender;
    public MailDelivery(MailOutbox outbox, MailSender sender) {
        this.outbox = outbox;
        this.sender = sender;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var page = outbox.pending(PAGE);
        for (MailOutbox.Message message : page) {
            sender.send(message);
            outbox.delivered(message.id());
            contribution.incrementWriteCount(1);
        }
        // each page commits on its own; the step runs again while mail is waiting
        return page.size() == PAGE ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    }
}
