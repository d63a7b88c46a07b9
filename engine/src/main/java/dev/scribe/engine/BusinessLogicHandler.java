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
        if (slot.kind == CommandSlot.KIND_COMMAND)
        {
            processor.process(slot);
        }
        else
        {
            slot.clearResult();
            slot.position = processor.stateHash();
        }
        if (endOfBatch)
        {
            processor.endOfBatch();
        }
    }
}
