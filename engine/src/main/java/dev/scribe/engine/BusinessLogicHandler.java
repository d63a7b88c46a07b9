package dev.scribe.engine;

import com.lmax.disruptor.EventHandler;

/**
 * The business-logic thread's ring handler: hands each command to the {@link CommandProcessor} and, at the end of
 * a batch, lets it sync once for the whole batch.
 */
final class BusinessLogicHandler implements EventHandler<CommandSlot>
{
    private final CommandProcessor processor;

    BusinessLogicHandler(final CommandProcessor processor)
    {
        this.processor = processor;
    }

    @Override
    public void onEvent(final CommandSlot slot, final long sequence, final boolean endOfBatch)
    {
        switch (slot.kind)
        {
            case CommandSlot.KIND_COMMAND, CommandSlot.KIND_BINARY -> processor.process(slot);
            case CommandSlot.KIND_STATE_HASH ->
            {
                slot.clearResult();
                slot.position = processor.stateHash();
            }
            default -> slot.clearResult();
        }
        if (endOfBatch)
        {
            processor.endOfBatch();
        }
    }
}
