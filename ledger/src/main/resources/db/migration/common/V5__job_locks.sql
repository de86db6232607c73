-- One row per job that must not run twice at the same time; a step takes the row lock
-- (select ... for update) for its transaction, so overlapping runs queue instead of racing.
create table job_lock (
    name varchar(50) primary key
);
insert into job_lock (name) values ('card-order-export');
-- enrolment imports of different institutions touch the same members (a pupil in a school and a club):
-- each chunk and the step that ends enrolments take this lock, so one import sees the other's committed changes
insert into job_lock (name) values ('enrolment-import');
