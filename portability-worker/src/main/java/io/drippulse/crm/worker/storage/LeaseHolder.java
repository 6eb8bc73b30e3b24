package io.drippulse.crm.worker.storage;

/**
 * One attempt at a job: the worker holding its lease and the attempt number. An export's output is written
 * and deleted only while this pair still holds the job, so an attempt that lost its lease (presumed dead,
 * and the job taken over) can no longer touch the output of the attempt that replaced it.
 */
public record LeaseHolder(String owner, int attempt) {
}
