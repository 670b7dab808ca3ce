//! The JSON documents the AWS CLI takes for Lambda (`create-function`,
//! `put-function-concurrency`, ...), read from a learner's file and checked
//! as Lambda checks them, with Lambda's own exception names.
