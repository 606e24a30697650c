/** DynamoDB actions: delete a table, with an on-demand backup first. */
package dev.guard.action.dynamodb;
