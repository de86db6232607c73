package dk.cardoffice.batch.mail;

import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * A job's last step: sends the mail the job queued (and anything else due) through the {@link MailDispatcher}, so a
 * run's notices leave with it, after the round the job may have started in the background (see
 * {@link MailDispatcher#deliverSoon()}). What cannot go now waits for the background sender's next round.
 */
public class MailDelivery implements Tasklet {

    private final MailDispatcher dispatcher;

    public MailDelivery(MailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        contribution.incrementWriteCount(dispatcher.finishBackground() + dispatcher.deliverDue());
        return RepeatStatus.FINISHED;
    }
}
